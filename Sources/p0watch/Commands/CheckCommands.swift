import WindowModel
import WindowStore

enum CheckCommands {
  static let list = CommandSpec(
    path: ["check"], usage: "check [--hour N] [--all]",
    summary: "the checklist due now (or in the round of hour N), with who ticked what",
    options: [
      OptionSpec(name: "hour", value: "N", help: "show the round containing window hour N"),
      OptionSpec(
        name: "all", value: nil,
        help: "every round so far of the current phase, with done and missed counts"),
    ]
  ) { invocation, context in
    let state = try context.openStore().read {
      try ChecklistContext.load($0, context: context, includingClosed: true)
    }
    let status = state.status
    if invocation.flag("all") {
      let current = try state.round(forHour: try invocation.integer("hour", in: 0...Int.max))
      let rounds = status.roundsSoFar(of: current.phase)
      if context.json {
        context.outJSON(
          .array(
            rounds.map { round in
              let progress = status.progress(in: round)
              return .object([
                ("round", .int(round.number)), ("phase", .string(round.phase.id)),
                ("from_hour", .int(round.hours.lowerBound)),
                ("to_hour", .int(round.hours.upperBound)),
                ("due", .int(progress.due)), ("done", .int(progress.done)),
                ("missed", .int(status.missed(in: round).count)),
                (
                  "items",
                  .array(
                    status.entries(in: round).map { json($0, round: round, window: state.window) })
                ),
              ])
            }))
        return ExitCode.ok
      }
      context.out("Phase \(current.phase.id) (\(current.phase.name)), rounds so far:")
      context.out(
        Text.table(
          header: ["ROUND", "HOURS", "DONE", "MISSED", "STATE"],
          rows: rounds.map { round in
            let progress = status.progress(in: round)
            let missed = status.missed(in: round).count
            return [
              String(round.number), round.span,
              "\(progress.done)/\(progress.due)", String(missed),
              status.isPast(round) ? (missed == 0 ? "complete" : "missed") : "current",
            ]
          }))
      return ExitCode.ok
    }
    let round = try state.round(forHour: try invocation.integer("hour", in: 0...Int.max))
    let entries = status.entries(in: round)
    if context.json {
      context.outJSON(.array(entries.map { json($0, round: round, window: state.window) }))
      return ExitCode.ok
    }
    let progress = status.progress(in: round)
    var heading =
      "Round \(round.number) · phase \(round.phase.id) (\(round.phase.name)) · "
      + "\(round.span) · \(progress.done)/\(progress.due) done"
    if status.isPast(round) { heading += " · past round" }
    context.out(heading)
    context.out(
      Text.table(
        header: ["#", "ID", "CHECK", "DONE BY", "AT", "NOTE"],
        rows: entries.map { entry in
          let tick = entry.tick
          var note = tick?.note ?? ""
          if tick?.foundIssue == true { note = "⚠ issue" + (note.isEmpty ? "" : ": " + note) }
          return [
            String(entry.number), entry.item.id.rawValue,
            entry.item.text + (entry.item.cadence == .once ? " (once)" : ""),
            tick?.actor ?? "-", tick.map { state.window.offset(of: $0.at) } ?? "", note,
          ]
        }))
    let missed = status.missed
    if !missed.isEmpty {
      context.out(
        "Missed so far: \(missed.count) (\(summary(of: missed, runbook: state.runbook))). 'p0watch check --all' lists the rounds."
      )
    }
    return ExitCode.ok
  }

  static let done = CommandSpec(
    path: ["check", "done"], usage: "check done ITEM... [--hour N] [--note TEXT] [--issue]",
    summary: "tick items of this round (or of the round of hour N) by number or id",
    options: [
      OptionSpec(name: "hour", value: "N", help: "backfill the round containing window hour N"),
      OptionSpec(name: "note", value: "TEXT", help: "a note kept with the tick"),
      OptionSpec(
        name: "issue", value: nil,
        help: "the check found a problem (shown in the listing and timeline)"),
    ],
    positionals: 1...64
  ) { invocation, context in
    let note = invocation.value("note")
    let foundIssue = invocation.flag("issue")
    let result = try context.openStore().write { transaction in
      let state = try ChecklistContext.load(transaction, context: context)
      try state.scope.requireActive()
      let round = try state.round(forHour: try invocation.integer("hour", in: 0...Int.max))
      let items = try invocation.positionals.map { reference in
        do { return try state.status.item(reference, in: round) } catch {
          throw CLIError.data("\(error)")
        }
      }
      var marks = state.marks
      var lines: [String] = []
      for item in items {
        let status = ChecklistStatus(
          runbook: state.runbook, marks: marks, currentHour: state.status.currentHour)
        if let tick = status.tick(of: item, in: round) {
          lines.append(
            "Already done: [\(item.id)] \(item.text) — by \(tick.actor) at \(state.window.offset(of: tick.at)) (round \(tick.round)); nothing changed."
          )
          continue
        }
        let mark = CheckMark(
          item: item.id, round: round.number, action: .done, at: state.now, actor: context.actor,
          note: note, foundIssue: foundIssue)
        try transaction.record(
          mark, event: .checkDone(item, mark: mark, currentRound: state.currentRound?.number),
          in: state.window.id, recordedAt: state.now)
        marks.append(mark)
        lines.append(
          "✓ [\(item.id)] \(item.text) (round \(round.number))"
            + (foundIssue ? " — issue noted" : ""))
      }
      let after = ChecklistStatus(
        runbook: state.runbook, marks: marks, currentHour: state.status.currentHour)
      return (lines, after.progress(in: round), round, items)
    }
    let (lines, progress, round, items) = result
    if context.json {
      context.outJSON(
        .object([
          ("round", .int(round.number)), ("due", .int(progress.due)), ("done", .int(progress.done)),
        ]))
      return ExitCode.ok
    }
    for line in lines { context.out(Text.sanitized(line)) }
    context.out("Round \(round.number): \(progress.done)/\(progress.due) done.")
    if foundIssue, let first = items.first {
      context.out(
        "The check found a problem. To track it: p0watch incident open \"\(first.text)\" --severity warning --impact medium"
      )
    }
    return ExitCode.ok
  }

  static let undo = CommandSpec(
    path: ["check", "undo"], usage: "check undo ITEM [--hour N] --why TEXT",
    summary: "reverse a tick (the tick and the undo both stay in the timeline)",
    options: [
      OptionSpec(name: "hour", value: "N", help: "the round containing window hour N"),
      OptionSpec(name: "why", value: "TEXT", help: "why the tick is reversed (required)"),
    ],
    positionals: 1...1
  ) { invocation, context in
    guard let why = invocation.value("why"), !why.trimmingCharacters(" \t\n").isEmpty else {
      throw CLIError.usage("Missing '--why TEXT': say why the tick is reversed", invocation.spec)
    }
    let (item, round) = try context.openStore().write { transaction in
      let state = try ChecklistContext.load(transaction, context: context)
      try state.scope.requireActive()
      let round = try state.round(forHour: try invocation.integer("hour", in: 0...Int.max))
      let item: ChecklistItem
      do { item = try state.status.item(invocation.positionals[0], in: round) } catch {
        throw CLIError.data("\(error)")
      }
      guard let tick = state.status.tick(of: item, in: round) else {
        throw CLIError.data("[\(item.id)] is not ticked in round \(round.number); nothing to undo")
      }
      let mark = CheckMark(
        item: item.id, round: tick.round, action: .undo, at: state.now, actor: context.actor,
        note: why)
      try transaction.record(
        mark, event: .checkUndone(item, mark: mark, tickedBy: tick.actor), in: state.window.id,
        recordedAt: state.now)
      return (item, tick.round)
    }
    context.out("Undone: [\(item.id)] \(Text.sanitized(item.text)) is due again in round \(round).")
    return ExitCode.ok
  }

  static func json(_ entry: ChecklistStatus.Entry, round: ChecklistRound, window: Window)
    -> JSONValue
  {
    .object([
      ("number", .int(entry.number)),
      ("id", .string(entry.item.id.rawValue)),
      ("text", .string(entry.item.text)),
      ("hour", .int(round.number)),
      ("cadence", .string(entry.item.cadence.rawValue)),
      ("done_by", .optional(entry.tick?.actor)),
      ("done_at", .optional(entry.tick?.at)),
      ("issue", .bool(entry.tick?.foundIssue ?? false)),
      ("note", .optional(entry.tick?.note)),
    ])
  }

  /// `critical 14, high 2`
  static func summary(of missed: [MissedCheck], runbook: Runbook) -> String {
    runbook.phases.compactMap { phase in
      let count = missed.filter { $0.round.phase.id == phase.id }.count
      return count == 0 ? nil : "\(phase.id) \(count)"
    }.joined(separator: ", ")
  }
}

/// What checklist commands need: the window scope, the marks and the checklist status now.
struct ChecklistContext {
  let scope: WindowScope
  let marks: [CheckMark]
  let status: ChecklistStatus

  var window: Window { scope.window }
  var runbook: Runbook { scope.runbook }
  var now: Timestamp { scope.now }

  static func load(_ transaction: Transaction, context: Context, includingClosed: Bool = false)
    throws
    -> ChecklistContext
  {
    let scope = try WindowScope.load(
      transaction, context: context, includingClosed: includingClosed)
    let marks = try transaction.checkMarks(in: scope.window.id)
    return ChecklistContext(
      scope: scope, marks: marks,
      status: ChecklistStatus(
        runbook: scope.runbook, marks: marks, currentHour: scope.window.checklistHour(at: scope.now)
      ))
  }

  var currentRound: ChecklistRound? {
    window.hour(at: now).flatMap { runbook.round(containing: $0) }
  }

  func round(forHour hour: Int?) throws -> ChecklistRound {
    do {
      return try status.round(forHour: hour, windowHours: window.hours)
    } catch {
      throw CLIError.data("\(error)")
    }
  }
}
