import Escalation
import WindowModel
import WindowStore

/// The writes behind incident and escalation commands, shared by `incident open`, `escalate`
/// and alert conditions: each decision comes from WindowModel or Escalation, each write goes to
/// the store, inside the caller's transaction.
struct IncidentDesk {
  let transaction: Transaction
  let window: Window
  let runbook: Runbook
  let actor: String
  let now: Timestamp

  var policy: EscalationPolicy { EscalationPolicy(runbook: runbook) }

  /// Opens an incident and, when its severity says so, pages its contact at once.
  func open(
    title: String, severity: Severity, impact: Impact, type: EscalationType, metric: MetricID?,
    alert: AlertConditionID?
  ) throws -> (Incident, EscalationRecord?) {
    let draft = Incident(
      id: IncidentID(rawValue: 0), title: title, severity: severity, impact: impact, status: .open,
      type: type, metric: metric, alert: alert, openedAt: now, resolvedAt: nil)
    let incident = try transaction.createIncident(draft, in: window.id, openedBy: actor)
    try transaction.append(.incidentOpened(incident, actor: actor), to: window.id, recordedAt: now)
    guard policy.pagesOnOpen(severity) else { return (incident, nil) }
    let decision = try page(incident, type: type)
    if case .page = decision.0 { return (incident, decision.1) }
    return (incident, nil)
  }

  /// Pages an incident's contact unless a page of the same type is still waiting.
  func page(_ incident: Incident, type: EscalationType) throws -> (PageDecision, EscalationRecord) {
    let contact: EscalationContact
    do { contact = try policy.contact(for: type) } catch { throw CLIError.data("\(error)") }
    let existing = try transaction.escalations(in: window.id, incident: incident.id)
    let decision = policy.decide(paging: contact, at: now, existing: existing)
    switch decision {
    case .alreadyWaiting(let record):
      return (decision, record)
    case .page(let page):
      let record = try transaction.createEscalation(
        page, for: incident.id, in: window.id, pagedBy: actor)
      try transaction.append(
        .paged(record, windowStart: window.startedAt), to: window.id, recordedAt: now)
      return (decision, record)
    }
  }

  /// Moves an incident to `status`; resolving closes its unanswered pages.
  func move(_ incident: Incident, to status: IncidentStatus) throws -> Incident {
    let moved: Incident
    do { moved = try incident.moved(to: status, at: now) } catch { throw CLIError.data("\(error)") }
    try transaction.updateIncident(moved)
    try transaction.append(
      .incidentMoved(moved, from: incident.status, at: now, actor: actor), to: window.id,
      recordedAt: now)
    if policy.pagesOnReopen(from: incident.status, to: moved.status, severity: moved.severity) {
      _ = try page(moved, type: moved.type)
    }
    if status == .resolved {
      for record in try transaction.escalations(in: window.id, incident: incident.id) {
        guard let closed = record.closed(at: now) else { continue }
        try transaction.updateEscalation(closed)
        try transaction.append(
          .closedUnacknowledged(closed, actor: actor), to: window.id, recordedAt: now)
      }
    }
    return moved
  }

  /// Records an action taken on an incident.
  func recordAction(_ text: String, on incident: Incident) throws {
    try transaction.append(
      .incidentAction(text, incident: incident.id, at: now, actor: actor), to: window.id,
      recordedAt: now)
  }

  /// The incident with `id`, or a data error naming the window's incidents.
  func incident(_ reference: String) throws -> Incident {
    try Self.incident(reference, in: window, transaction: transaction)
  }

  /// The incident `reference` names in `window`, or a data error naming the window's incidents.
  static func incident(_ reference: String, in window: Window, transaction: Transaction) throws
    -> Incident
  {
    guard let number = Int64(reference), number > 0,
      let incident = try transaction.incident(IncidentID(rawValue: number), in: window.id)
    else {
      let ids = try transaction.incidents(in: window.id).map { String($0.id.rawValue) }
      throw CLIError.data(
        "no incident \"\(reference)\" in window \(window.id); "
          + (ids.isEmpty
            ? "no incident has been opened" : "incidents: \(ids.joined(separator: ", "))"))
    }
    return incident
  }
}

/// What a firing alert condition did.
enum AlertOutcome {
  /// Opened a new incident (paged when critical).
  case opened(AlertCondition, Incident, EscalationRecord?)
  /// Added to the condition's incident that is still unresolved.
  case extended(AlertCondition, Incident)
}

extension IncidentDesk {
  /// Evaluates the runbook's alert conditions on a metric's hour figure: each firing condition
  /// opens an incident, or adds to the one it opened before while that is unresolved.
  func fireConditions(on metric: Metric, figure: Double, hour: Int) throws -> [AlertOutcome] {
    let incidents = try transaction.incidents(in: window.id)
    let responses = runbook.alertResponses(
      for: metric.id, figure: figure, unresolved: incidents.filter(\.isUnresolved))
    return try responses.map { response in
      switch response {
      case .extend(let condition, let id):
        try transaction.append(
          .alertFiredAgain(
            condition, metric: metric, figure: figure, hour: hour, incident: id, at: now,
            actor: actor),
          to: window.id, recordedAt: now)
        return .extended(condition, try incidents.first { $0.id == id }.orThrow())
      case .open(let condition):
        let (incident, page) = try open(
          title: condition.incidentTitle(observed: figure, metric: metric),
          severity: condition.severity,
          impact: condition.defaultImpact, type: condition.escalation, metric: metric.id,
          alert: condition.id)
        return .opened(condition, incident, page)
      }
    }
  }

  /// One line per outcome, for people.
  static func describe(_ outcomes: [AlertOutcome], window: Window) -> [String] {
    outcomes.map { outcome in
      switch outcome {
      case .opened(let condition, let incident, let page):
        var line =
          "Alert \(condition.id) fired (\(condition.severity.rawValue): \(condition.condition)): opened incident \(incident.id)"
        if let page {
          line +=
            ", paged \(page.page.contact) as escalation \(page.id) (ack by \(window.offset(of: page.page.deadline)))"
        }
        return line + ". Action: \(condition.action)"
      case .extended(let condition, let incident):
        return
          "Alert \(condition.id) fired again: added to incident \(incident.id), still \(incident.status.rawValue)."
      }
    }
  }
}

extension Optional {
  /// The value; a missing one is an internal inconsistency reported as bad data, never a trap.
  func orThrow() throws -> Wrapped {
    guard let self else {
      throw CLIError.data("internal error: a record read in this transaction disappeared")
    }
    return self
  }
}
