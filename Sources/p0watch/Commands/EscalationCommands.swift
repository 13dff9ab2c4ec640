import Escalation
import WindowModel
import WindowStore

enum EscalationCommands {
  static let escalate = CommandSpec(
    path: ["escalate"],
    usage: "escalate INCIDENT [--type critical|security|database|infrastructure]",
    summary: "page the incident's contact (or the contact of --type): the SLA clock starts",
    options: [
      OptionSpec(name: "type", value: "T", help: "escalation type (default: the incident's)")
    ],
    positionals: 1...1
  ) { invocation, context in
    let (decision, record, scope) = try context.openStore().write { transaction in
      let scope = try WindowScope.load(transaction, context: context)
      try scope.requireActive()
      let desk = scope.desk(context, transaction)
      let incident = try desk.incident(invocation.positionals[0])
      guard incident.isUnresolved else {
        throw CLIError.data(
          "incident \(incident.id) is resolved; reopen it with 'p0watch incident update \(incident.id) --status open' first"
        )
      }
      let type = invocation.value("type").map { EscalationType($0) } ?? incident.type
      let (decision, record) = try desk.page(incident, type: type)
      return (decision, record, scope)
    }
    if context.json {
      let alreadyPaged: Bool
      if case .alreadyWaiting = decision { alreadyPaged = true } else { alreadyPaged = false }
      context.outJSON(
        json(record, incident: nil, now: scope.now).adding([("already_paged", .bool(alreadyPaged))])
      )
      return ExitCode.ok
    }
    switch decision {
    case .page:
      context.out(pagedLine(record, window: scope.window))
    case .alreadyWaiting:
      let page = record.page
      let wait =
        page.isOverdue(at: scope.now)
        ? "now \(page.minutesLate(at: scope.now) ?? 0) min overdue"
        : "due by \(scope.window.offset(of: page.deadline))"
      context.out(
        "Escalation \(record.id) already paged \(page.contact) at \(scope.window.offset(of: page.pagedAt)) and is still waiting (\(wait)); not paged again."
      )
    }
    return ExitCode.ok
  }

  static let ack = CommandSpec(
    path: ["ack"], usage: "ack ESCALATION [--at TIME]",
    summary: "record that the paged contact acknowledged (by --as, at now or --at)",
    options: [OptionSpec(name: "at", value: "TIME", help: "when they acknowledged (backfill)")],
    positionals: 1...1
  ) { invocation, context in
    let (record, scope) = try context.openStore().write { transaction in
      let scope = try WindowScope.load(transaction, context: context)
      try scope.requireActive()
      let reference = invocation.positionals[0]
      guard let number = Int64(reference), number > 0,
        let record = try transaction.escalation(EscalationID(rawValue: number), in: scope.window.id)
      else {
        let ids = try transaction.escalations(in: scope.window.id).map { String($0.id.rawValue) }
        throw CLIError.data(
          "no escalation \"\(reference)\" in window \(scope.window.id); "
            + (ids.isEmpty
              ? "nothing has been paged" : "escalations: \(ids.joined(separator: ", "))"))
      }
      let at = try context.pastTime(invocation, now: scope.now, window: scope.window)
      let acknowledged: EscalationRecord
      do { acknowledged = try record.acknowledged(by: context.actor, at: at) } catch {
        throw CLIError.data("\(error)")
      }
      try transaction.updateEscalation(acknowledged)
      try transaction.append(
        .acknowledged(acknowledged), to: scope.window.id, recordedAt: scope.now)
      return (acknowledged, scope)
    }
    if context.json {
      context.outJSON(json(record, incident: nil, now: scope.now))
      return ExitCode.ok
    }
    let page = record.page
    let timing =
      page.breachMinutes.map { "\($0) min late: SLA breached" }
      ?? "within the \(page.slaMinutes)-min SLA"
    context.out(
      "Escalation \(record.id) acknowledged by \(record.acknowledgedBy ?? "") at \(scope.window.offset(of: page.acknowledgedAt ?? scope.now)), \(timing)."
    )
    return ExitCode.ok
  }

  static let review = CommandSpec(
    path: ["escalations"], usage: "escalations [--overdue] [--all]",
    summary:
      "the lead's review: open pages, most overdue first (--overdue exits 1 when any is overdue)",
    options: [
      OptionSpec(
        name: "overdue", value: nil, help: "only overdue pages; exit 1 when there is one, else 0"),
      OptionSpec(
        name: "all", value: nil, help: "also acknowledged and closed pages, with SLA breaches"),
    ]
  ) { invocation, context in
    let (scope, records, incidents) = try context.openStore().read { transaction in
      let scope = try WindowScope.load(transaction, context: context, includingClosed: true)
      return (
        scope, try transaction.escalations(in: scope.window.id),
        try transaction.incidents(in: scope.window.id)
      )
    }
    let now = scope.now
    let byID = Dictionary(uniqueKeysWithValues: incidents.map { ($0.id, $0) })
    var shown = records.inReviewOrder(at: now) { $0.page }
    if invocation.flag("overdue") {
      shown = shown.filter { $0.page.isOverdue(at: now) }
    } else if !invocation.flag("all") {
      shown = shown.filter { $0.page.isOpen }
    }
    let anyOverdue = records.contains { $0.page.isOverdue(at: now) }
    if context.json {
      context.outJSON(.array(shown.map { json($0, incident: byID[$0.incidentID], now: now) }))
    } else if shown.isEmpty {
      context.out(
        invocation.flag("overdue")
          ? "No escalation is overdue." : "No escalation is waiting for an answer.")
    } else {
      context.out(table(shown.map { ($0, byID[$0.incidentID]) }, now: now, window: scope.window))
    }
    return invocation.flag("overdue") && anyOverdue ? 1 : ExitCode.ok
  }

  /// `Paged Platform Team Lead (critical) as escalation 1: acknowledge within 15 min, by ...`
  static func pagedLine(_ record: EscalationRecord, window: Window) -> String {
    let page = record.page
    return
      "Paged \(page.contact) (\(page.type)) as escalation \(record.id): acknowledge within \(page.slaMinutes) min, "
      + "by \(page.deadline.iso8601) (\(window.offset(of: page.deadline))) — p0watch ack \(record.id)"
  }

  static func table(_ rows: [(EscalationRecord, Incident?)], now: Timestamp, window: Window)
    -> String
  {
    Text.table(
      header: [
        "ID", "INCIDENT", "CONTACT", "SLA", "PAGED", "DEADLINE", "ACKNOWLEDGED", "STATE", "LATE",
        "TITLE",
      ],
      rows: rows.map { record, incident in
        let page = record.page
        let late = page.minutesLate(at: now) ?? page.breachMinutes
        return [
          String(record.id.rawValue), String(record.incidentID.rawValue),
          "\(page.contact) (\(page.type))",
          "\(page.slaMinutes) min", window.offset(of: page.pagedAt),
          window.offset(of: page.deadline),
          page.acknowledgedAt.map { "\(window.offset(of: $0)) by \(record.acknowledgedBy ?? "?")" }
            ?? "-",
          stateLabel(page.state(at: now)), late.map { "\($0) min" } ?? "-", incident?.title ?? "",
        ]
      })
  }

  static func stateLabel(_ state: Page.State) -> String {
    switch state {
    case .waiting: return "waiting"
    case .overdue: return "OVERDUE"
    case .acknowledgedOnTime: return "on time"
    case .acknowledgedLate: return "breached"
    case .closedUnacknowledged: return "never acknowledged"
    }
  }

  /// The escalation keys of the JSON contract, shared by `escalations`, incidents and reports.
  static func json(_ page: EscalationSummary) -> JSONValue {
    .object([
      ("id", .int(page.id.rawValue)),
      ("incident_id", .int(page.incidentID.rawValue)),
      ("type", .string(page.type.rawValue)),
      ("contact", .string(page.contact)),
      ("sla_minutes", .int(page.slaMinutes)),
      ("paged_at", .string(page.pagedAt.iso8601)),
      ("deadline", .string(page.deadline.iso8601)),
      ("acknowledged_at", .optional(page.acknowledgedAt)),
      ("overdue", .bool(page.state == .overdue)),
      ("minutes_late", page.minutesLate.map { .int($0) } ?? .null),
      ("breached", .bool(page.breached)),
      ("state", .string(page.state.rawValue)),
    ])
  }

  /// A stored page at `now`, with who acknowledged it, when it closed and its incident's title.
  static func json(_ record: EscalationRecord, incident: Incident?, now: Timestamp) -> JSONValue {
    json(record.summary(at: now)).adding([
      ("acknowledged_by", .optional(record.acknowledgedBy)),
      ("closed_at", .optional(record.page.closedAt)),
      ("incident_title", .optional(incident?.title)),
    ])
  }
}
