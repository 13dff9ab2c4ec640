import Escalation
import WindowModel
import WindowStore

/// Reads everything reports and the close need, in the caller's transaction.
enum ReportData {
  static func load(_ transaction: Transaction, window: Window, runbook: Runbook, asOf: Timestamp)
    throws
    -> ReportInputs
  {
    let incidents = try transaction.incidents(in: window.id).map { incident in
      IncidentSummary(
        incident: incident, actions: try transaction.actions(of: incident.id).map(\.text))
    }
    let escalations = try transaction.escalations(in: window.id).map { $0.summary(at: asOf) }
    let feedback = try transaction.events(in: window.id).filter {
      $0.content.kind == .note && $0.content.tag == "feedback"
    }
    return ReportInputs(
      runbook: runbook, window: window, asOf: asOf,
      metricData: try transaction.metricData(in: window.id),
      incidents: incidents, escalations: escalations,
      marks: try transaction.checkMarks(in: window.id),
      feedback: feedback, actions: try transaction.actions(of: window.id),
      decision: try transaction.outcome(of: window.id)?.1)
  }
}
