/// How much an incident hurts users.
public enum Impact: String, Hashable, Sendable, CaseIterable {
  case low
  case medium
  case high
}

/// Where an incident is in its life: open → monitoring → resolved, and reopened when it recurs.
public enum IncidentStatus: String, Hashable, Sendable, CaseIterable {
  case open
  case monitoring
  case resolved
}

/// Something that went wrong during the window, from open to resolved.
public struct Incident: Hashable, Sendable {
  /// Its identifier.
  public var id: IncidentID
  /// What happened, as the person who opened it put it.
  public var title: String
  /// `critical` incidents are paged at once.
  public var severity: Severity
  /// How much it hurts users.
  public var impact: Impact
  /// Where it is in its life.
  public var status: IncidentStatus
  /// The escalation type its pages go to.
  public var type: EscalationType
  /// The metric it is about, if any.
  public var metric: MetricID?
  /// The alert condition that opened it or that it reports, if any.
  public var alert: AlertConditionID?
  /// When it was opened.
  public var openedAt: Timestamp
  /// When it was last resolved; nil while unresolved.
  public var resolvedAt: Timestamp?

  /// Creates an incident value.
  public init(
    id: IncidentID, title: String, severity: Severity, impact: Impact, status: IncidentStatus,
    type: EscalationType, metric: MetricID?, alert: AlertConditionID?, openedAt: Timestamp,
    resolvedAt: Timestamp?
  ) {
    self.id = id
    self.title = title
    self.severity = severity
    self.impact = impact
    self.status = status
    self.type = type
    self.metric = metric
    self.alert = alert
    self.openedAt = openedAt
    self.resolvedAt = resolvedAt
  }

  /// Whether it still needs attention (open or monitoring).
  public var isUnresolved: Bool { status != .resolved }

  /// The incident after moving to `status` at `time`.
  /// - Throws: `IncidentError.unchanged` when it already has that status.
  public func moved(to status: IncidentStatus, at time: Timestamp) throws(IncidentError) -> Incident
  {
    guard status != self.status else { throw .unchanged(id, status) }
    var next = self
    next.status = status
    next.resolvedAt = status == .resolved ? time : nil
    return next
  }
}

/// Why an incident change cannot be made.
public enum IncidentError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The incident already has this status.
  case unchanged(IncidentID, IncidentStatus)

  /// What went wrong.
  public var description: String {
    switch self {
    case .unchanged(let id, let status): return "incident \(id) is already \(status.rawValue)"
    }
  }
}

extension Runbook {
  /// The troubleshooting entries that apply to an incident: those naming its metric or its alert
  /// condition. The on-call's "what do I check now".
  public func troubleshooting(for incident: Incident) -> [TroubleshootingEntry] {
    troubleshooting.filter { entry in
      (incident.metric.map { entry.metrics.contains($0) } ?? false)
        || (incident.alert.map { entry.alertConditions.contains($0) } ?? false)
    }
  }

  /// The alert condition with `id`, if the runbook defines it.
  public func alertCondition(_ id: AlertConditionID) -> AlertCondition? {
    alertConditions.first { $0.id == id }
  }
}
