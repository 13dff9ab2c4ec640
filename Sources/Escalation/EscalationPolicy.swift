import WindowModel

/// The response-SLA policy of a runbook: who is paged for an incident, and by when they must
/// answer. Pure: every question about time takes `now`.
public struct EscalationPolicy: Hashable, Sendable {
  /// The contacts, one per escalation type.
  public var contacts: [EscalationContact]

  /// The policy of a runbook's escalation table.
  public init(runbook: Runbook) {
    contacts = runbook.escalationContacts
  }

  /// The policy of an explicit contact list.
  public init(contacts: [EscalationContact]) {
    self.contacts = contacts
  }

  /// The escalation types in runbook order, for error messages and help.
  public var types: [EscalationType] { contacts.map(\.type) }

  /// The contact an incident of `type` is paged to.
  /// - Throws: `EscalationError.unknownType` naming the valid types.
  public func contact(for type: EscalationType) throws(EscalationError) -> EscalationContact {
    guard let contact = contacts.first(where: { $0.type == type }) else {
      throw .unknownType(type, valid: types)
    }
    return contact
  }

  /// The escalation type an incident goes to: the one asked for, else the alert condition's,
  /// else `critical` for critical incidents and the first contact's type otherwise.
  public func route(
    severity: Severity, requested: EscalationType?, condition: AlertCondition?
  ) throws(EscalationError) -> EscalationContact {
    if let requested { return try contact(for: requested) }
    if let condition { return try contact(for: condition.escalation) }
    if severity == .critical,
      let critical = contacts.first(where: { $0.type.rawValue == "critical" })
    {
      return critical
    }
    guard let first = contacts.first else {
      throw .unknownType(EscalationType("critical"), valid: [])
    }
    return first
  }

  /// A new page of `contact` at `time`: the SLA clock starts.
  public func page(_ contact: EscalationContact, at time: Timestamp) -> Page {
    Page(
      type: contact.type, contact: contact.contact, slaMinutes: contact.responseMinutes,
      pagedAt: time)
  }
}

/// Why an escalation request cannot be honoured.
public enum EscalationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The runbook has no contact for this type.
  case unknownType(EscalationType, valid: [EscalationType])

  /// What went wrong and the valid choices.
  public var description: String {
    switch self {
    case .unknownType(let type, let valid):
      return
        "unknown escalation type \"\(type)\"; valid types: \(valid.map(\.rawValue).joined(separator: ", "))"
    }
  }
}

/// One page of a contact: the SLA clock and how it ended.
public struct Page: Hashable, Sendable {
  /// The escalation type paged.
  public var type: EscalationType
  /// Who was paged.
  public var contact: String
  /// Their response SLA in minutes.
  public var slaMinutes: Int
  /// When the page went out: the clock starts here.
  public var pagedAt: Timestamp
  /// When the contact acknowledged, if they did.
  public var acknowledgedAt: Timestamp?
  /// When the page stopped waiting without acknowledgement (its incident was resolved).
  public var closedAt: Timestamp?

  /// Creates a page.
  public init(
    type: EscalationType, contact: String, slaMinutes: Int, pagedAt: Timestamp,
    acknowledgedAt: Timestamp? = nil, closedAt: Timestamp? = nil
  ) {
    self.type = type
    self.contact = contact
    self.slaMinutes = slaMinutes
    self.pagedAt = pagedAt
    self.acknowledgedAt = acknowledgedAt
    self.closedAt = closedAt
  }

  /// Paged-at plus the SLA.
  public var deadline: Timestamp { pagedAt.adding(.minutes(slaMinutes)) }

  /// Whether it still waits for an answer: neither acknowledged nor closed.
  public var isOpen: Bool { acknowledgedAt == nil && closedAt == nil }

  /// Unacknowledged, still open, and `now` is past the deadline (at the deadline is not late).
  public func isOverdue(at now: Timestamp) -> Bool { isOpen && now > deadline }

  /// How late an overdue page is at `now`, in whole minutes rounded up; nil when not overdue.
  public func minutesLate(at now: Timestamp) -> Int? {
    isOverdue(at: now) ? Self.minutesRoundedUp(now.duration(since: deadline)) : nil
  }

  /// How far past the deadline the page was answered or given up: acknowledged late, or closed
  /// unacknowledged after the deadline. Nil when answered on time or still open.
  public var breach: Duration? {
    guard let end = acknowledgedAt ?? closedAt, end > deadline else { return nil }
    return end.duration(since: deadline)
  }

  /// The breach in whole minutes rounded up (a one-second breach is one minute late).
  public var breachMinutes: Int? { breach.map(Self.minutesRoundedUp) }

  /// Where the page stands at `now`.
  public func state(at now: Timestamp) -> State {
    if let acknowledgedAt {
      return acknowledgedAt > deadline ? .acknowledgedLate : .acknowledgedOnTime
    }
    if closedAt != nil { return .closedUnacknowledged }
    return now > deadline ? .overdue : .waiting
  }

  /// Where a page stands (defined in WindowModel so reports can use it).
  public typealias State = PageState

  /// How close to its deadline an open page counts as due soon: the dashboard shows it.
  public static let dueSoonWindow = Duration.minutes(5)

  /// Open pages due within `window` of `now` (not yet overdue): the "due soon" list.
  public func isDueSoon(at now: Timestamp, within window: Duration = Page.dueSoonWindow) -> Bool {
    isOpen && now <= deadline && deadline.duration(since: now) <= window
  }

  static func minutesRoundedUp(_ duration: Duration) -> Int {
    Int((duration.seconds + 59) / 60)
  }
}

extension Sequence {
  /// The lead's review order: overdue pages first, most minutes late first; then open pages by
  /// nearest deadline; then the rest by when they were paged. Ties keep their order.
  public func inReviewOrder(at now: Timestamp, page: (Element) -> Page) -> [Element] {
    let indexed = enumerated().map { ($0.offset, $0.element, page($0.element)) }
    return indexed.sorted { a, b in
      let (ka, kb) = (rank(a.2, now), rank(b.2, now))
      if ka.0 != kb.0 { return ka.0 < kb.0 }
      if ka.1 != kb.1 { return ka.1 < kb.1 }
      return a.0 < b.0
    }.map(\.1)
  }
}

/// (group, key) for sorting: overdue (0) by earliest deadline, open (1) by deadline, done (2) by page time.
private func rank(_ page: Page, _ now: Timestamp) -> (Int, Int64) {
  if page.isOverdue(at: now) { return (0, page.deadline.secondsSinceEpoch) }
  if page.isOpen { return (1, page.deadline.secondsSinceEpoch) }
  return (2, page.pagedAt.secondsSinceEpoch)
}
