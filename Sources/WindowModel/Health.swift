/// The Nagios/Icinga states `health` reports, with their plugin exit codes.
public enum HealthState: Int32, Hashable, Sendable, Comparable {
  case ok = 0
  case warning = 1
  case critical = 2
  case unknown = 3

  /// The word the plugin output starts with.
  public var label: String {
    switch self {
    case .ok: return "OK"
    case .warning: return "WARNING"
    case .critical: return "CRITICAL"
    case .unknown: return "UNKNOWN"
    }
  }

  /// Orders OK < WARNING < CRITICAL (UNKNOWN is never the result of a judgement).
  public static func < (lhs: HealthState, rhs: HealthState) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An overdue page, as the health check needs it.
public struct OverduePage: Hashable, Sendable {
  /// The escalation's id.
  public var id: EscalationID
  /// Who has not answered.
  public var contact: String
  /// How late, in minutes.
  public var minutesLate: Int

  /// Creates one.
  public init(id: EscalationID, contact: String, minutesLate: Int) {
    self.id = id
    self.contact = contact
    self.minutesLate = minutesLate
  }
}

/// The health check's verdict: the state and the reasons behind it, worst first.
public struct HealthReport: Hashable, Sendable {
  /// The overall state.
  public var state: HealthState
  /// Why, worst first; empty when OK.
  public var reasons: [String]

  /// Creates a report.
  public init(state: HealthState, reasons: [String]) {
    self.state = state
    self.reasons = reasons
  }
}

extension Runbook {
  /// Judges the current state, not the window's history: each metric on its latest hour's
  /// figure, unresolved incidents, overdue escalations. CRITICAL when a metric is in alert, a
  /// critical incident is unresolved or an escalation is overdue; WARNING when a metric misses
  /// its target or a warning incident is unresolved; otherwise OK.
  public func health(
    latestFigures: [MetricID: Double], unresolved: [Incident], overdue: [OverduePage]
  ) -> HealthReport {
    var critical: [String] = []
    var warning: [String] = []
    for metric in metrics {
      guard let figure = latestFigures[metric.id] else { continue }
      switch metric.status(of: figure) {
      case .alert:
        critical.append(
          "\(metric.id) \(metric.format(figure)) crosses alert \(metric.alertThreshold)")
      case .warn:
        warning.append("\(metric.id) \(metric.format(figure)) misses target \(metric.target)")
      case .ok, .nodata: break
      }
    }
    for page in overdue {
      critical.append("escalation \(page.id) to \(page.contact) overdue \(page.minutesLate) min")
    }
    for incident in unresolved {
      let text =
        "\(incident.severity.rawValue) incident \(incident.id) \(incident.status.rawValue): \(incident.title)"
      if incident.severity == .critical { critical.append(text) } else { warning.append(text) }
    }
    let state: HealthState = !critical.isEmpty ? .critical : (!warning.isEmpty ? .warning : .ok)
    return HealthReport(state: state, reasons: critical + warning)
  }
}
