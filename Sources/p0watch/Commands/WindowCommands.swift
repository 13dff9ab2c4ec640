import WindowModel
import WindowStore

enum WindowCommands {
  static let start = CommandSpec(
    path: ["window", "start"], usage: "window start [--release V] [--at TIME] [--hours N]",
    summary: "open a monitoring window on the chosen runbook",
    options: [
      OptionSpec(
        name: "release", value: "V", help: "release being watched (default: the runbook's version)"),
      OptionSpec(name: "at", value: "TIME", help: "when hour 0 begins (default: now)"),
      OptionSpec(name: "hours", value: "N", help: "window length (default: the runbook's, 72)"),
    ]
  ) { invocation, context in
    let loaded = try context.chosenRunbook()
    let runbook = loaded.runbook
    let now = try context.now(for: nil)
    let hours = try invocation.integer("hours", in: 1...24 * 366) ?? runbook.release.monitoringHours
    do {
      try runbook.validateWindowLength(hours)
    } catch {
      throw CLIError.data(
        "--hours \(hours) is shorter than the runbook's checklist, which runs to hour \(runbook.phases.last?.hours.upperBound ?? 0)"
      )
    }
    let startedAt =
      try invocation.value("at").map {
        try context.time($0, option: "at", now: now, window: nil, spec: invocation.spec)
      }
      ?? now
    let release = invocation.value("release") ?? runbook.release.version
    guard !release.trimmingCharacters(" \t").isEmpty else {
      throw CLIError.usage("'--release' needs a non-empty value", invocation.spec)
    }
    let store = try context.openStore(create: true)
    let window = try store.write { transaction in
      if let active = Window.activeWindow(for: release, among: try transaction.windows()) {
        throw CLIError.data(
          "window \(active.id) for \(release) is already active (started \(active.startedAt.iso8601)); "
            + "close it with 'p0watch window close' or start a window for another --release")
      }
      let window = try transaction.createWindow(
        release: release, startedAt: startedAt, hours: hours, runbookJSON: loaded.json,
        recordedAt: now)
      try transaction.append(
        .windowStarted(window, source: loaded.source, actor: context.actor),
        to: window.id, recordedAt: now)
      return window
    }
    if context.json {
      context.outJSON(json(window, runbook: runbook, now: now))
    } else {
      context.out(
        "Started window \(window.id) for \(Text.sanitized(release)): \(hours) hours from \(startedAt.iso8601) to \(window.endsAt.iso8601)"
      )
      context.out("Runbook: \(runbook.title) (\(loaded.source))")
      context.out("Next: 'p0watch status' for the dashboard, 'p0watch note TEXT' to log.")
    }
    return ExitCode.ok
  }

  static let list = CommandSpec(
    path: ["window", "list"], usage: "window list", summary: "windows with state, hour and outcome"
  ) { _, context in
    let store = try context.openStore()
    let (windows, outcomes) = try store.read { transaction in
      let windows = try transaction.windows()
      var outcomes: [WindowID: (Verdict, LeadDecision?)] = [:]
      for window in windows { outcomes[window.id] = try transaction.outcome(of: window.id) }
      return (windows, outcomes)
    }
    let now = try context.now(for: windows.first)
    if context.json {
      context.outJSON(
        .array(
          windows.map { window in
            json(window, runbook: nil, now: now).adding([
              ("outcome", outcomeJSON(outcomes[window.id]))
            ])
          }))
      return ExitCode.ok
    }
    if windows.isEmpty {
      context.out("No windows yet; start one with 'p0watch window start'.")
      return ExitCode.ok
    }
    context.out(
      Text.table(
        header: ["ID", "RELEASE", "STATE", "STARTED (UTC)", "HOUR", "CLOSED (UTC)", "OUTCOME"],
        rows: windows.map { window in
          [
            String(window.id.rawValue), window.release, window.state.rawValue,
            window.startedAt.iso8601,
            describe(window.position(at: window.closedAt ?? now), hours: window.hours),
            window.closedAt?.iso8601 ?? "-", outcomeText(outcomes[window.id]),
          ]
        }))
    return ExitCode.ok
  }

  static let show = CommandSpec(
    path: ["window", "show"], usage: "window show", summary: "one window in detail"
  ) { _, context in
    let store = try context.openStore()
    let (window, eventCount) = try store.read { transaction in
      let window = try context.selectWindowIncludingClosed(in: transaction)
      return (window, try transaction.eventCount(in: window.id))
    }
    let runbook = try context.runbook(of: window)
    let now = try context.now(for: window)
    if context.json {
      context.outJSON(
        json(window, runbook: runbook, now: now).adding([
          ("events", .int(eventCount)), ("runbook_title", .string(runbook.title)),
        ]))
      return ExitCode.ok
    }
    context.out(
      "Window \(window.id) — \(Text.sanitized(window.release)) (\(window.state.rawValue))")
    context.out("  runbook   \(runbook.title)")
    context.out("  started   \(window.startedAt.iso8601)")
    context.out("  ends      \(window.endsAt.iso8601) (\(window.hours) hours)")
    if let closedAt = window.closedAt { context.out("  closed    \(closedAt.iso8601)") }
    context.out("  now       \(describe(window.position(at: now), hours: window.hours))")
    context.out("  events    \(eventCount)")
    return ExitCode.ok
  }

  static let close = CommandSpec(
    path: ["window", "close"], usage: "window close [--at TIME] [--decision go|no-go --why TEXT]",
    summary:
      "close the window: compute the Go/No-Go verdict, record the lead's decision, create the to-do list",
    options: [
      OptionSpec(name: "at", value: "TIME", help: "when it closed (default: now)"),
      OptionSpec(
        name: "decision", value: "D",
        help: "the lead's call, go or no-go, stored beside the computed one"),
      OptionSpec(
        name: "why", value: "TEXT", help: "the reason for the decision (required with --decision)"),
    ]
  ) { invocation, context in
    let decisionChoice = try invocation.choice("decision", Recommendation.allCases.map(\.rawValue))
    let why = invocation.value("why")?.trimmingCharacters(" \t\n")
    if decisionChoice != nil, why?.isEmpty ?? true {
      throw CLIError.usage(
        "'--decision' needs '--why TEXT': the reason is kept beside the computed verdict",
        invocation.spec)
    }
    if decisionChoice == nil, why != nil {
      throw CLIError.usage("'--why' goes with '--decision go|no-go'", invocation.spec)
    }
    let (closed, verdict, decision, actions) = try context.openStore().write { transaction in
      let scope = try WindowScope.load(transaction, context: context)
      let window = scope.window
      guard window.state == .active else {
        throw CLIError.data(
          "window \(window.id) is already closed (at \(window.closedAt?.iso8601 ?? "?"))")
      }
      let at =
        try invocation.value("at").map {
          try context.time($0, option: "at", now: scope.now, window: window, spec: invocation.spec)
        } ?? scope.now
      guard at >= window.startedAt else {
        throw CLIError.data(
          "cannot close window \(window.id) at \(at.iso8601), before it started (\(window.startedAt.iso8601))"
        )
      }
      var closed = window
      closed.state = .closed
      closed.closedAt = at
      let inputs = try ReportData.load(
        transaction, window: closed, runbook: scope.runbook, asOf: at)
      let verdict = inputs.verdict
      let decision = decisionChoice.flatMap(Recommendation.init(rawValue:)).map {
        LeadDecision(decision: $0, why: why ?? "", by: context.actor, at: at)
      }
      let inForce = decision?.decision ?? verdict.recommendation
      let actions = scope.runbook.postMonitoringActions.list(for: inForce)
      try transaction.closeWindow(window.id, at: at)
      try transaction.recordOutcome(verdict, decision: decision, for: window.id)
      try transaction.createActions(actions, onSuccess: inForce == .go, for: window.id)
      try transaction.append(
        .windowClosed(window, at: at, actor: context.actor), to: window.id, recordedAt: scope.now)
      try transaction.append(
        .verdict(verdict, at: at, actor: context.actor), to: window.id, recordedAt: scope.now)
      if let decision {
        try transaction.append(
          .decision(decision, computed: verdict), to: window.id, recordedAt: scope.now)
      }
      return (closed, verdict, decision, actions)
    }
    if context.json {
      context.outJSON(
        json(closed, runbook: nil, now: closed.closedAt ?? closed.startedAt).adding([
          ("overall_status", .string(verdict.status.rawValue)),
          ("computed_recommendation", .string(verdict.recommendation.rawValue)),
          ("recommendation", .string((decision?.decision ?? verdict.recommendation).rawValue)),
          ("reasons", .array(verdict.reasons.map(JSONValue.string))),
          ("actions", .array(actions.map(JSONValue.string))),
        ]))
      return ExitCode.ok
    }
    context.out(
      "Closed window \(closed.id) (\(Text.sanitized(closed.release))) at \(closed.closedAt?.iso8601 ?? "")"
    )
    context.out("Computed verdict: \(verdict.status.label) — \(verdict.recommendation.label)")
    for reason in verdict.reasons { context.out("  - \(Text.sanitized(reason, singleLine: true))") }
    if let decision {
      context.out(
        "Lead's decision: \(decision.decision.label) (\(context.actor)): \(Text.sanitized(decision.why, singleLine: true))"
      )
    }
    context.out(
      "Post-monitoring actions: \(actions.count) — see 'p0watch actions'; the report: 'p0watch report final'"
    )
    return ExitCode.ok
  }

  /// `✅ Success, GO` or `❌ Rollback Required, NO-GO (lead: GO)`; `-` while open.
  static func outcomeText(_ outcome: (Verdict, LeadDecision?)?) -> String {
    guard let (verdict, decision) = outcome else { return "-" }
    var text = "\(verdict.status.label), \(verdict.recommendation.label)"
    if let decision, decision.decision != verdict.recommendation {
      text += " (lead: \(decision.decision.label))"
    }
    return text
  }

  static func outcomeJSON(_ outcome: (Verdict, LeadDecision?)?) -> JSONValue {
    guard let (verdict, decision) = outcome else { return .null }
    return .object([
      ("overall_status", .string(verdict.status.rawValue)),
      ("computed_recommendation", .string(verdict.recommendation.rawValue)),
      ("recommendation", .string((decision?.decision ?? verdict.recommendation).rawValue)),
    ])
  }

  /// `hour 7 of 72`, `starts in 2h`, `ended 3h ago`.
  static func describe(_ position: Window.Position, hours: Int) -> String {
    switch position {
    case .notStarted(let startsIn): return "starts in \(startsIn.compactString)"
    case .hour(let hour): return "hour \(hour) of \(hours)"
    case .ended(let hoursAgo): return hoursAgo == 0 ? "ended" : "ended \(hoursAgo)h ago"
    }
  }

  static func json(_ window: Window, runbook: Runbook?, now: Timestamp) -> JSONValue {
    let hour = window.hour(at: now)
    var members: [(String, JSONValue)] = [
      ("id", .int(window.id.rawValue)),
      ("release", .string(window.release)),
      ("state", .string(window.state.rawValue)),
      ("started_at", .string(window.startedAt.iso8601)),
      ("ends_at", .string(window.endsAt.iso8601)),
      ("hours", .int(window.hours)),
      ("closed_at", .optional(window.closedAt)),
      ("hour", hour.map { .int($0) } ?? .null),
    ]
    if let runbook {
      members.append(("phase", .optional(hour.flatMap { runbook.phase(containing: $0)?.id })))
    }
    return .object(members)
  }
}
