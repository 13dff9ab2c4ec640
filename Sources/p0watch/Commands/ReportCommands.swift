import WindowModel
import WindowStore

enum ReportCommands {
  static let daily = CommandSpec(
    path: ["report", "daily"], usage: "report daily [--day N] [--format md|json]",
    summary:
      "the seed's Daily Report for day N (default: the current day), filled from the database",
    options: [
      OptionSpec(name: "day", value: "N", help: "1, 2 or 3 (default: the current day)"),
      OptionSpec(name: "format", value: "FORMAT", help: "md (default) or json"),
    ]
  ) { invocation, context in
    let format = try invocation.choice("format", ["md", "json"]) ?? (context.json ? "json" : "md")
    let inputs = try load(context)
    let requested = try invocation.integer("day", in: 1...366)
    if let requested, requested > inputs.dayCount {
      throw CLIError.data(
        "day \(requested) is outside the window; valid days are 1–\(inputs.dayCount)")
    }
    let day = requested ?? inputs.currentDay
    let report = inputs.daily(day: day)
    if format == "json" {
      context.outJSON(json(report, inputs: inputs))
    } else {
      context.outRaw(ReportMarkdown.daily(report, inputs: inputs))
    }
    return ExitCode.ok
  }

  static let final = CommandSpec(
    path: ["report", "final"], usage: "report final [--format md|json]",
    summary:
      "the seed's 72h Final Report with the Go/No-Go recommendation (a preview before close)",
    options: [OptionSpec(name: "format", value: "FORMAT", help: "md (default) or json")]
  ) { invocation, context in
    let format = try invocation.choice("format", ["md", "json"]) ?? (context.json ? "json" : "md")
    let inputs = try load(context)
    let report = inputs.final()
    if format == "json" {
      context.outJSON(json(report, inputs: inputs))
    } else {
      context.outRaw(ReportMarkdown.final(report, inputs: inputs))
    }
    return ExitCode.ok
  }

  static func load(_ context: Context) throws -> ReportInputs {
    try context.openStore().read { transaction in
      let window = try context.selectWindowIncludingClosed(in: transaction)
      let now = try context.now(for: window)
      return try ReportData.load(
        transaction, window: window, runbook: try context.runbook(of: window),
        asOf: window.closedAt ?? now)
    }
  }

  static func json(_ line: MetricLine) -> JSONValue {
    .object([
      ("id", .string(line.metric.id.rawValue)), ("name", .string(line.metric.shortName)),
      ("target", .string(line.metric.target.description)),
      ("alert_threshold", .string(line.metric.alertThreshold.description)),
      ("value", .optional(line.figure)), ("status", .string(line.status.rawValue)),
    ])
  }

  static func json(_ summary: IncidentSummary) -> JSONValue {
    let incident = summary.incident
    return .object([
      ("id", .int(incident.id.rawValue)), ("title", .string(incident.title)),
      ("severity", .string(incident.severity.rawValue)),
      ("impact", .string(incident.impact.rawValue)), ("status", .string(incident.status.rawValue)),
      ("opened_at", .string(incident.openedAt.iso8601)),
      ("resolved_at", .optional(incident.resolvedAt)),
      ("actions", .array(summary.actions.map(JSONValue.string))),
    ])
  }

  static func json(_ summaries: [ChecklistSummary]) -> JSONValue {
    .array(
      summaries.map { summary in
        .object([
          ("phase", .string(summary.phase.id)), ("due", .int(summary.due)),
          ("done", .int(summary.done)),
          ("missed", .int(summary.missed.count)),
          (
            "missed_checks",
            .array(
              summary.missed.map {
                .object([("round", .int($0.round.number)), ("id", .string($0.item.id.rawValue))])
              })
          ),
        ])
      })
  }

  static func json(_ report: DailyReport, inputs: ReportInputs) -> JSONValue {
    .object([
      ("window_id", .int(inputs.window.id.rawValue)),
      ("day", .int(report.day)),
      ("period_start", .string(report.periodStart.iso8601)),
      ("period_end", .string(report.periodEnd.iso8601)),
      ("in_progress", .bool(report.inProgress)),
      ("status", .string(report.status.rawValue)),
      ("metrics", .array(report.metrics.map(json))),
      ("incidents", .array(report.incidents.map(json))),
      ("feedback", .array(report.feedback.map { TimelineCommand.json($0, window: inputs.window) })),
      ("checklist", json(report.checklist)),
      ("escalations", .array(report.escalations.map(EscalationCommands.json))),
      ("next_focus", .array(report.nextFocus.map(JSONValue.string))),
    ])
  }

  static func json(_ report: FinalReport, inputs: ReportInputs) -> JSONValue {
    .object([
      ("window_id", .int(inputs.window.id.rawValue)),
      ("preview", .bool(report.preview)),
      ("period_start", .string(report.periodStart.iso8601)),
      ("period_end", .string(report.periodEnd.iso8601)),
      ("overall_status", .string(report.verdict.status.rawValue)),
      ("recommendation", .string(report.recommendation.rawValue)),
      ("computed_recommendation", .string(report.verdict.recommendation.rawValue)),
      (
        "override",
        report.decision.map { decision in
          .object([
            ("decision", .string(decision.decision.rawValue)), ("why", .string(decision.why)),
            ("by", .string(decision.by)),
            ("at", .string(decision.at.iso8601)),
          ])
        } ?? .null
      ),
      ("reasons", .array(report.verdict.reasons.map(JSONValue.string))),
      ("executive_summary", .string(report.executiveSummary)),
      ("metrics", .array(report.metrics.map(json))),
      ("incidents", .array(report.incidents.map(json))),
      ("escalations", .array(report.escalations.map(EscalationCommands.json))),
      ("checklist", json(report.checklist)),
      ("actions", .array(report.actions.map(ActionCommands.json))),
    ])
  }
}

enum ActionCommands {
  static let list = CommandSpec(
    path: ["actions"], usage: "actions",
    summary: "the post-monitoring to-do list a closed window produced"
  ) { _, context in
    let (window, actions) = try context.openStore().read { transaction in
      let window = try context.selectWindowIncludingClosed(in: transaction)
      return (window, try transaction.actions(of: window.id))
    }
    if context.json {
      context.outJSON(.array(actions.map(json)))
      return ExitCode.ok
    }
    guard !actions.isEmpty else {
      context.out(
        "No post-monitoring actions yet: they are created when window \(window.id) is closed ('p0watch window close')."
      )
      return ExitCode.ok
    }
    context.out(
      Text.table(
        header: ["#", "ACTION", "DONE BY", "AT", "NOTE"],
        rows: actions.map { action in
          [
            String(action.number), action.text, action.doneBy ?? "-", action.doneAt?.iso8601 ?? "",
            action.note ?? "",
          ]
        }))
    return ExitCode.ok
  }

  static let done = CommandSpec(
    path: ["actions", "done"], usage: "actions done N [--note TEXT]",
    summary: "mark a post-monitoring action done",
    options: [OptionSpec(name: "note", value: "TEXT", help: "what was done")],
    positionals: 1...1
  ) { invocation, context in
    let action = try context.openStore().write { transaction in
      let window = try context.selectWindowIncludingClosed(in: transaction)
      let now = try context.now(for: window)
      let actions = try transaction.actions(of: window.id)
      guard !actions.isEmpty else {
        throw CLIError.data(
          "window \(window.id) has no post-monitoring actions yet; they are created by 'p0watch window close'"
        )
      }
      guard let number = Int(invocation.positionals[0]),
        var action = actions.first(where: { $0.number == number })
      else {
        throw CLIError.data("no action \"\(invocation.positionals[0])\"; valid: 1–\(actions.count)")
      }
      if let by = action.doneBy {
        throw CLIError.data(
          "action \(action.number) was already done by \(by) at \(action.doneAt?.iso8601 ?? "?")")
      }
      action.doneBy = context.actor
      action.doneAt = now
      action.note = invocation.value("note")
      try transaction.completeAction(
        action.number, of: window.id, by: context.actor, at: now, note: action.note)
      try transaction.append(
        .actionDone(action, at: now, actor: context.actor), to: window.id, recordedAt: now)
      return action
    }
    context.out(
      "Done: \(action.number). \(Text.sanitized(action.text)) (\(action.doneBy ?? ""), \(action.doneAt?.iso8601 ?? ""))"
    )
    return ExitCode.ok
  }

  static func json(_ action: PostAction) -> JSONValue {
    .object([
      ("number", .int(action.number)), ("text", .string(action.text)),
      ("done_by", .optional(action.doneBy)),
      ("done_at", .optional(action.doneAt)), ("note", .optional(action.note)),
    ])
  }
}
