/// The 72h Final Report's overall status.
public enum OverallStatus: String, Hashable, Sendable {
  /// ✅ Every success metric met its target and no warning fired.
  case success
  /// ⚠️ A success metric missed its target or warnings fired; the release may stay.
  case partial
  /// ❌ An unresolved critical incident, or a success metric crossed its alert threshold.
  case rollbackRequired = "rollback_required"

  /// How the report writes it.
  public var label: String {
    switch self {
    case .success: return "✅ Success"
    case .partial: return "⚠️ Partial"
    case .rollbackRequired: return "❌ Rollback Required"
    }
  }
}

/// Keep the release or roll it back.
public enum Recommendation: String, Hashable, Sendable, CaseIterable {
  case go
  case noGo = "no-go"

  /// `GO` or `NO-GO`.
  public var label: String { self == .go ? "GO" : "NO-GO" }
}

/// The computed verdict and why.
public struct Verdict: Hashable, Sendable {
  /// The overall status.
  public var status: OverallStatus
  /// NO-GO for rollback, GO otherwise (a Partial window recommends GO with its warnings).
  public var recommendation: Recommendation { status == .rollbackRequired ? .noGo : .go }
  /// Every finding behind the verdict, worst first.
  public var reasons: [String]

  /// Creates a verdict.
  public init(status: OverallStatus, reasons: [String]) {
    self.status = status
    self.reasons = reasons
  }
}

/// A lead's decision that stands next to the computed verdict (never replacing it).
public struct LeadDecision: Hashable, Sendable {
  /// What the lead decided.
  public var decision: Recommendation
  /// Why.
  public var why: String
  /// Who decided.
  public var by: String
  /// When.
  public var at: Timestamp

  /// Creates a decision.
  public init(decision: Recommendation, why: String, by: String, at: Timestamp) {
    self.decision = decision
    self.why = why
    self.by = by
    self.at = at
  }
}

extension Runbook {
  /// The Go/No-Go rule. NO-GO (❌ Rollback Required) when an unresolved critical incident exists
  /// or a success metric's window figure crosses its alert threshold; Partial (⚠️) when a success
  /// metric misses its target or a warning fired; otherwise GO (✅ Success).
  /// - Parameters:
  ///   - figures: each metric's figure over the judged span (nil: no data).
  ///   - incidents: the incidents of the span, with their status at its end.
  public func verdict(figures: [MetricID: Double], incidents: [Incident]) -> Verdict {
    var rollback: [String] = []
    var partial: [String] = []
    var notes: [String] = []
    for incident in incidents where incident.severity == .critical && incident.isUnresolved {
      rollback.append("critical incident \(incident.id) is unresolved: \(incident.title)")
    }
    let successMetrics = metrics.filter(\.isSuccessMetric)
    var met = 0
    var unmeasured: [String] = []
    for metric in successMetrics {
      guard let figure = figures[metric.id] else {
        unmeasured.append(metric.id.rawValue)
        continue
      }
      switch metric.status(of: figure) {
      case .alert:
        rollback.append(
          "\(metric.id) window figure \(metric.format(figure)) crosses the alert threshold \(metric.alertThreshold)"
        )
      case .warn:
        partial.append(
          "\(metric.id) window figure \(metric.format(figure)) misses the target \(metric.target)")
      case .ok, .nodata:
        met += 1
      }
    }
    for incident in incidents where incident.severity == .warning {
      partial.append(
        "warning incident \(incident.id) fired (\(incident.status.rawValue)): \(incident.title)")
    }
    if !unmeasured.isEmpty { notes.append("no data for \(unmeasured.joined(separator: ", "))") }
    for incident in incidents where incident.severity == .critical && !incident.isUnresolved {
      notes.append("critical incident \(incident.id) was resolved: \(incident.title)")
    }
    let status: OverallStatus =
      !rollback.isEmpty ? .rollbackRequired : (!partial.isEmpty ? .partial : .success)
    var reasons = rollback + partial
    if status == .success {
      reasons.append(
        "\(met) of \(successMetrics.count) success metrics met their targets; no critical incident is unresolved"
      )
    }
    return Verdict(status: status, reasons: reasons + notes)
  }
}
