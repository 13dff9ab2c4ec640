import Escalation
import WindowModel
import WindowStore

enum IncidentCommands {
  static let open = CommandSpec(
    path: ["incident", "open"],
    usage:
      "incident open TITLE --severity critical|warning --impact low|medium|high [--type T] [--metric ID] [--alert ID]",
    summary: "open an incident; a critical one is paged at once to its type's contact",
    options: [
      OptionSpec(
        name: "severity", value: "S",
        help: "critical or warning (default with --alert: the condition's)"),
      OptionSpec(name: "impact", value: "I", help: "low, medium or high"),
      OptionSpec(
        name: "type", value: "T",
        help: "escalation type (default: the alert condition's, else critical)"),
      OptionSpec(name: "metric", value: "ID", help: "the metric it is about"),
      OptionSpec(
        name: "alert", value: "ID",
        help: "the alert condition it reports, e.g. dashboard_inaccessible"),
    ],
    positionals: 1...1
  ) { invocation, context in
    let title = invocation.positionals[0].trimmingCharacters(" \t\n")
    guard !title.isEmpty else { throw CLIError.usage("The title is empty", invocation.spec) }
    let result = try context.openStore().write { transaction in
      let scope = try WindowScope.load(transaction, context: context)
      try scope.requireActive()
      let runbook = scope.runbook
      let alert = try invocation.value("alert").map { text in
        guard let condition = runbook.alertCondition(AlertConditionID(text)) else {
          throw CLIError.data(
            "unknown alert condition \"\(text)\"; valid: \(runbook.alertConditions.map(\.id.rawValue).joined(separator: ", "))"
          )
        }
        return condition
      }
      guard let severity = try dataChoice(invocation, "severity", Severity.self) ?? alert?.severity
      else {
        throw CLIError.usage("Missing '--severity critical|warning'", invocation.spec)
      }
      guard let impact = try dataChoice(invocation, "impact", Impact.self) else {
        throw CLIError.usage("Missing '--impact low|medium|high'", invocation.spec)
      }
      let metric =
        try invocation.value("metric").map { try scope.metric($0).id }
        ?? alert.flatMap(\.rule.metric)
      let desk = scope.desk(context, transaction)
      let contact: EscalationContact
      do {
        contact = try desk.policy.route(
          severity: severity, requested: invocation.value("type").map { EscalationType($0) },
          condition: alert)
      } catch {
        throw CLIError.data("\(error)")
      }
      let (incident, page) = try desk.open(
        title: title, severity: severity, impact: impact, type: contact.type, metric: metric,
        alert: alert?.id)
      return (incident, page, scope)
    }
    let (incident, page, scope) = result
    if context.json {
      context.outJSON(
        json(incident, escalations: page.map { [$0] } ?? [], actions: [], scope: scope))
      return ExitCode.ok
    }
    context.out(
      "Opened incident \(incident.id) (\(incident.severity.rawValue), \(incident.impact.rawValue) impact): \(Text.sanitized(incident.title))"
    )
    if let page {
      context.out(EscalationCommands.pagedLine(page, window: scope.window))
    } else {
      context.out("Not paged (warning). Page with: p0watch escalate \(incident.id)")
    }
    if let entry = scope.runbook.troubleshooting(for: incident).first {
      context.out("Troubleshooting: \(entry.issue) — see 'p0watch incident show \(incident.id)'")
    }
    return ExitCode.ok
  }

  static let list = CommandSpec(
    path: ["incident", "list"], usage: "incident list [--status open|monitoring|resolved]",
    summary: "the window's incidents",
    options: [OptionSpec(name: "status", value: "S", help: "only incidents with this status")]
  ) { invocation, context in
    let (scope, incidents, escalations) = try context.openStore().read { transaction in
      let scope = try WindowScope.load(transaction, context: context, includingClosed: true)
      return (
        scope, try transaction.incidents(in: scope.window.id),
        try transaction.escalations(in: scope.window.id)
      )
    }
    let status = try dataChoice(invocation, "status", IncidentStatus.self)
    let shown = incidents.filter { status == nil || $0.status == status }
    if context.json {
      context.outJSON(
        .array(
          shown.map { incident in
            json(
              incident, escalations: escalations.filter { $0.incidentID == incident.id },
              actions: nil, scope: scope)
          }))
      return ExitCode.ok
    }
    if shown.isEmpty {
      context.out(status == nil ? "No incidents." : "No \(status?.rawValue ?? "") incidents.")
      return ExitCode.ok
    }
    context.out(
      Text.table(
        header: ["ID", "SEVERITY", "IMPACT", "STATUS", "TYPE", "OPENED", "RESOLVED", "TITLE"],
        rows: shown.map { incident in
          [
            String(incident.id.rawValue), incident.severity.rawValue, incident.impact.rawValue,
            incident.status.rawValue,
            incident.type.rawValue, scope.window.offset(of: incident.openedAt),
            incident.resolvedAt.map { scope.window.offset(of: $0) } ?? "-", incident.title,
          ]
        }))
    return ExitCode.ok
  }

  static let show = CommandSpec(
    path: ["incident", "show"], usage: "incident show ID",
    summary: "one incident: its escalations, its timeline and the matching troubleshooting entry",
    positionals: 1...1
  ) { invocation, context in
    let (scope, incident, escalations, events, actions) = try context.openStore().read {
      transaction in
      let scope = try WindowScope.load(transaction, context: context)
      let incident = try scope.desk(context, transaction).incident(invocation.positionals[0])
      return (
        scope, incident, try transaction.escalations(in: scope.window.id, incident: incident.id),
        try transaction.events(in: scope.window.id, incident: incident.id),
        try transaction.actions(of: incident.id)
      )
    }
    let troubleshooting = scope.runbook.troubleshooting(for: incident)
    if context.json {
      context.outJSON(
        json(incident, escalations: escalations, actions: actions.map(\.text), scope: scope).adding(
          [
            ("timeline", .array(events.map { TimelineCommand.json($0, window: scope.window) })),
            ("troubleshooting", .array(troubleshooting.map { .string($0.id) })),
          ]))
      return ExitCode.ok
    }
    let window = scope.window
    context.out(
      "Incident \(incident.id) · \(incident.severity.rawValue) · \(incident.impact.rawValue) impact · \(incident.status.rawValue)"
    )
    context.out("  title     \(Text.sanitized(incident.title, singleLine: true))")
    let contact = scope.runbook.contact(for: incident.type)
    context.out(
      "  type      \(incident.type)"
        + (contact.map { " → \($0.contact) (\($0.responseMinutes) min)" } ?? ""))
    context.out(
      "  opened    \(incident.openedAt.iso8601) (\(window.offset(of: incident.openedAt)))")
    if let resolvedAt = incident.resolvedAt {
      context.out("  resolved  \(resolvedAt.iso8601) (\(window.offset(of: resolvedAt)))")
    }
    if let metric = incident.metric { context.out("  metric    \(metric)") }
    if let alert = incident.alert {
      context.out(
        "  alert     \(alert)"
          + (scope.runbook.alertCondition(alert).map { " — \($0.condition): \($0.action)" } ?? ""))
    }
    if !actions.isEmpty {
      context.out("  actions")
      for action in actions {
        context.out(
          "    \(window.offset(of: action.at))  \(action.actor): \(Text.sanitized(action.text, singleLine: true))"
        )
      }
    }
    context.out()
    context.out("Escalations")
    context.out(
      escalations.isEmpty
        ? "  none — page with: p0watch escalate \(incident.id)"
        : RunbookPrinter.indent(
          EscalationCommands.table(
            escalations.map { ($0, incident) }, now: scope.now, window: window)))
    context.out()
    context.out("Timeline")
    context.out(
      RunbookPrinter.indent(
        Text.table(
          header: ["TIME (UTC)", "OFFSET", "ACTOR", "KIND", "TEXT"],
          rows: events.map { event in
            [
              event.content.at.iso8601, window.offset(of: event.content.at), event.content.actor,
              event.content.kind.rawValue, event.content.text,
            ]
          })))
    for entry in troubleshooting {
      context.out()
      context.out("Troubleshooting: \(entry.issue)")
      context.out("  Symptoms:")
      for symptom in entry.symptoms { context.out("    - \(symptom)") }
      context.out("  Diagnosis:")
      for line in entry.diagnosis.split(separator: "\n", omittingEmptySubsequences: false) {
        context.out("    \(line)")
      }
      context.out("  Common causes:")
      for (index, cause) in entry.causes.enumerated() { context.out("    \(index + 1). \(cause)") }
      context.out("  Resolution:")
      for step in entry.resolution { context.out("    - \(step)") }
    }
    return ExitCode.ok
  }

  static let update = CommandSpec(
    path: ["incident", "update"],
    usage:
      "incident update ID [--status open|monitoring|resolved] [--impact I] [--action TEXT] [--note TEXT]",
    summary: "change an incident's status or impact, record an action or a note",
    options: [
      OptionSpec(
        name: "status", value: "S",
        help: "open, monitoring or resolved (resolved closes unanswered pages)"),
      OptionSpec(name: "impact", value: "I", help: "low, medium or high"),
      OptionSpec(name: "action", value: "TEXT", help: "an action taken"),
      OptionSpec(name: "note", value: "TEXT", help: "a note"),
    ],
    positionals: 1...1
  ) { invocation, context in
    guard ["status", "impact", "action", "note"].contains(where: invocation.flag) else {
      throw CLIError.usage(
        "Nothing to update: give --status, --impact, --action or --note", invocation.spec)
    }
    let incident = try context.openStore().write { transaction in
      try change(
        invocation, context: context, transaction: transaction,
        status: try dataChoice(invocation, "status", IncidentStatus.self))
    }
    context.out(
      "Incident \(incident.id): \(incident.status.rawValue), \(incident.impact.rawValue) impact.")
    return ExitCode.ok
  }

  static let resolve = CommandSpec(
    path: ["incident", "resolve"], usage: "incident resolve ID --action TEXT",
    summary: "resolve an incident, saying what fixed it; unanswered pages are closed",
    options: [OptionSpec(name: "action", value: "TEXT", help: "what was done (required)")],
    positionals: 1...1
  ) { invocation, context in
    guard let action = invocation.value("action"), !action.trimmingCharacters(" \t\n").isEmpty
    else {
      throw CLIError.usage("Missing '--action TEXT': say what resolved it", invocation.spec)
    }
    let incident = try context.openStore().write { transaction in
      try change(invocation, context: context, transaction: transaction, status: .resolved)
    }
    context.out("Resolved incident \(incident.id) at \(incident.resolvedAt?.iso8601 ?? "").")
    return ExitCode.ok
  }

  /// The shared body of `update` and `resolve`: action and note first, then impact and status.
  static func change(
    _ invocation: Invocation, context: Context, transaction: Transaction, status: IncidentStatus?
  ) throws -> Incident {
    let scope = try WindowScope.load(transaction, context: context)
    try scope.requireActive()
    let desk = scope.desk(context, transaction)
    var incident = try desk.incident(invocation.positionals[0])
    let impact = try dataChoice(invocation, "impact", Impact.self)
    if let action = invocation.value("action") { try desk.recordAction(action, on: incident) }
    if let note = invocation.value("note") {
      try transaction.append(
        .incidentNote(note, incident: incident.id, at: scope.now, actor: context.actor),
        to: scope.window.id, recordedAt: scope.now)
    }
    if let impact, impact != incident.impact {
      let old = incident.impact
      incident.impact = impact
      try transaction.updateIncident(incident)
      try transaction.append(
        .incidentImpactChanged(incident, from: old, at: scope.now, actor: context.actor),
        to: scope.window.id, recordedAt: scope.now)
    }
    if let status { incident = try desk.move(incident, to: status) }
    return incident
  }

  static func json(
    _ incident: Incident, escalations: [EscalationRecord], actions: [String]?, scope: WindowScope
  )
    -> JSONValue
  {
    var members: [(String, JSONValue)] = [
      ("id", .int(incident.id.rawValue)),
      ("title", .string(incident.title)),
      ("severity", .string(incident.severity.rawValue)),
      ("impact", .string(incident.impact.rawValue)),
      ("status", .string(incident.status.rawValue)),
      ("type", .string(incident.type.rawValue)),
      ("opened_at", .string(incident.openedAt.iso8601)),
      ("resolved_at", .optional(incident.resolvedAt)),
      ("metric", .optional(incident.metric?.rawValue)),
      ("alert", .optional(incident.alert?.rawValue)),
      (
        "escalations",
        .array(escalations.map { EscalationCommands.json($0, incident: incident, now: scope.now) })
      ),
    ]
    if let actions { members.append(("actions", .array(actions.map(JSONValue.string)))) }
    return .object(members)
  }
}

/// Reads an option whose invalid value is bad data (exit 65), naming the valid values.
func dataChoice<T: RawRepresentable & CaseIterable>(
  _ invocation: Invocation, _ name: String, _ type: T.Type
) throws -> T?
where T.RawValue == String {
  guard let text = invocation.value(name) else { return nil }
  guard let value = T(rawValue: text) else {
    throw CLIError.data(
      "invalid --\(name) \"\(text)\"; valid values: \(T.allCases.map(\.rawValue).joined(separator: ", "))"
    )
  }
  return value
}

/// The window a command acts on, its runbook and the time "now" for it.
struct WindowScope {
  let window: Window
  let runbook: Runbook
  let now: Timestamp

  /// The scope of the selected window; read-only commands pass `includingClosed` so the
  /// post-mortem can read a closed window without `--window`.
  static func load(_ transaction: Transaction, context: Context, includingClosed: Bool = false)
    throws -> WindowScope
  {
    let window =
      includingClosed
      ? try context.selectWindowIncludingClosed(in: transaction)
      : try context.selectWindow(in: transaction)
    return WindowScope(
      window: window, runbook: try context.runbook(of: window), now: try context.now(for: window))
  }

  func requireActive() throws {
    guard window.state == .active else {
      throw CLIError.data("window \(window.id) is closed; it can no longer change")
    }
  }

  func desk(_ context: Context, _ transaction: Transaction) -> IncidentDesk {
    IncidentDesk(
      transaction: transaction, window: window, runbook: runbook, actor: context.actor, now: now)
  }

  /// The metric with `id`, or a data error listing the runbook's metrics.
  func metric(_ id: String) throws -> Metric {
    guard let metric = runbook.metric(MetricID(id)) else {
      throw CLIError.data(
        "unknown metric \"\(id)\"; valid: \(runbook.metrics.map(\.id.rawValue).joined(separator: ", "))"
      )
    }
    return metric
  }
}
