import Testing
import WindowModel

@Suite struct IncidentTests {
  let start = Timestamp(secondsSinceEpoch: 1_762_696_800)

  func incident(metric: String? = nil, alert: String? = nil) -> Incident {
    Incident(
      id: IncidentID(rawValue: 1), title: "x", severity: .critical, impact: .high, status: .open,
      type: EscalationType("critical"), metric: metric.map { MetricID($0) },
      alert: alert.map { AlertConditionID($0) },
      openedAt: start, resolvedAt: nil)
  }

  @Test func resolvingSetsAndReopeningClearsTheResolutionTime() throws {
    let resolved = try incident().moved(to: .resolved, at: start.adding(.hours(1)))
    #expect(resolved.resolvedAt == start.adding(.hours(1)))
    #expect(!resolved.isUnresolved)
    let reopened = try resolved.moved(to: .open, at: start.adding(.hours(2)))
    #expect(reopened.resolvedAt == nil)
    #expect(reopened.isUnresolved)
    #expect(throws: IncidentError.unchanged(IncidentID(rawValue: 1), .open)) {
      try reopened.moved(to: .open, at: start)
    }
  }

  @Test func troubleshootingMatchesTheMetricOrTheAlert() throws {
    let runbook = try Runbook.load(json: Runbook.defaultJSON)
    #expect(
      runbook.troubleshooting(for: incident(metric: "login_success_rate")).map(\.id) == [
        "users_cannot_login"
      ])
    #expect(
      runbook.troubleshooting(for: incident(alert: "dashboard_inaccessible")).map(\.id) == [
        "dashboard_access_denied"
      ])
    #expect(runbook.troubleshooting(for: incident(metric: "server_error_rate")).isEmpty)
  }
}
