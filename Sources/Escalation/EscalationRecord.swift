import WindowModel

/// A stored page: which incident it is for and who paged and acknowledged.
public struct EscalationRecord: Hashable, Sendable {
  /// Its identifier (`ack ID`).
  public var id: EscalationID
  /// The incident paged about.
  public var incidentID: IncidentID
  /// The page and its SLA clock.
  public var page: Page
  /// Who sent the page.
  public var pagedBy: String
  /// Who acknowledged it, if anyone.
  public var acknowledgedBy: String?

  /// Creates a record.
  public init(
    id: EscalationID, incidentID: IncidentID, page: Page, pagedBy: String,
    acknowledgedBy: String? = nil
  ) {
    self.id = id
    self.incidentID = incidentID
    self.page = page
    self.pagedBy = pagedBy
    self.acknowledgedBy = acknowledgedBy
  }
}

/// What paging an incident should do.
public enum PageDecision: Hashable, Sendable {
  /// Send this new page.
  case page(Page)
  /// A page of the same type is still waiting for an answer: do not page twice.
  case alreadyWaiting(EscalationRecord)
}

/// Why an acknowledgement cannot be recorded.
public enum AcknowledgementError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Already acknowledged (by whom, when).
  case alreadyAcknowledged(EscalationID, by: String?, at: Timestamp)
  /// Closed when its incident was resolved.
  case closed(EscalationID, at: Timestamp)
  /// The acknowledgement time is before the page went out.
  case beforePage(EscalationID, pagedAt: Timestamp)

  /// What went wrong.
  public var description: String {
    switch self {
    case .alreadyAcknowledged(let id, let by, let at):
      return "escalation \(id) was already acknowledged by \(by ?? "someone") at \(at.iso8601)"
    case .closed(let id, let at):
      return
        "escalation \(id) was closed unacknowledged at \(at.iso8601) when its incident was resolved"
    case .beforePage(let id, let pagedAt):
      return
        "escalation \(id) was paged at \(pagedAt.iso8601); an acknowledgement cannot come before it"
    }
  }
}

extension EscalationPolicy {
  /// Whether an incident of `severity` is paged the moment it is opened.
  public func pagesOnOpen(_ severity: Severity) -> Bool { severity == .critical }

  /// Whether a status change pages again: a resolved critical incident that is reopened is
  /// paged as a new one would be.
  public func pagesOnReopen(from old: IncidentStatus, to new: IncidentStatus, severity: Severity)
    -> Bool
  {
    old == .resolved && new != .resolved && pagesOnOpen(severity)
  }

  /// Pages `contact` at `time` unless one of the incident's pages of the same type is still
  /// waiting for an answer.
  public func decide(
    paging contact: EscalationContact, at time: Timestamp, existing: [EscalationRecord]
  )
    -> PageDecision
  {
    if let waiting = existing.first(where: { $0.page.type == contact.type && $0.page.isOpen }) {
      return .alreadyWaiting(waiting)
    }
    return .page(page(contact, at: time))
  }
}

extension EscalationRecord {
  /// The page's SLA figures at `time`, as reports and JSON carry them.
  public func summary(at time: Timestamp) -> EscalationSummary {
    EscalationSummary(
      id: id, incidentID: incidentID, contact: page.contact, type: page.type,
      slaMinutes: page.slaMinutes,
      pagedAt: page.pagedAt, deadline: page.deadline, acknowledgedAt: page.acknowledgedAt,
      state: page.state(at: time), minutesLate: page.minutesLate(at: time) ?? page.breachMinutes,
      breached: page.breach != nil)
  }

  /// The record acknowledged by `actor` at `time`.
  /// - Throws: `AcknowledgementError` when already answered, closed, or `time` precedes the page.
  public func acknowledged(by actor: String, at time: Timestamp) throws(AcknowledgementError)
    -> EscalationRecord
  {
    if let acknowledgedAt = page.acknowledgedAt {
      throw .alreadyAcknowledged(id, by: acknowledgedBy, at: acknowledgedAt)
    }
    if let closedAt = page.closedAt { throw .closed(id, at: closedAt) }
    guard time >= page.pagedAt else { throw .beforePage(id, pagedAt: page.pagedAt) }
    var next = self
    next.page.acknowledgedAt = time
    next.acknowledgedBy = actor
    return next
  }

  /// The record closed unacknowledged at `time` (its incident was resolved); nil if not open.
  public func closed(at time: Timestamp) -> EscalationRecord? {
    guard page.isOpen else { return nil }
    var next = self
    next.page.closedAt = time
    return next
  }
}

extension NewEvent {
  /// The event of a page going out.
  public static func paged(_ record: EscalationRecord, windowStart: Timestamp) -> NewEvent {
    let page = record.page
    return NewEvent(
      at: page.pagedAt, actor: record.pagedBy, kind: .escalationPaged,
      text: "Paged \(page.contact) (\(page.type), escalation \(record.id)): respond within "
        + "\(page.slaMinutes) min, by \(page.deadline.duration(since: windowStart).offsetString)",
      incidentID: record.incidentID)
  }

  /// The event of an acknowledgement, saying whether it met the SLA.
  public static func acknowledged(_ record: EscalationRecord) -> NewEvent {
    let page = record.page
    let timing =
      page.breachMinutes.map { "\($0) min after the deadline: SLA breached" } ?? "within the SLA"
    return NewEvent(
      at: page.acknowledgedAt ?? page.pagedAt, actor: record.acknowledgedBy ?? "unknown",
      kind: .escalationAcknowledged,
      text: "\(page.contact) acknowledged escalation \(record.id), \(timing)",
      incidentID: record.incidentID)
  }

  /// The event of a page closed unanswered because its incident was resolved.
  public static func closedUnacknowledged(_ record: EscalationRecord, actor: String) -> NewEvent {
    let page = record.page
    let breach = page.breachMinutes.map { ", \($0) min past the deadline: SLA breached" } ?? ""
    return NewEvent(
      at: page.closedAt ?? page.pagedAt, actor: actor, kind: .escalationClosed,
      text: "Escalation \(record.id) to \(page.contact) closed unacknowledged\(breach)",
      incidentID: record.incidentID)
  }
}
