import Testing
import WindowModel

@Suite struct GoNoGoTests {
  let runbook: Runbook
  let start = Timestamp(secondsSinceEpoch: 1_762_696_800)

  init() throws { runbook = try Runbook.load(json: Runbook.defaultJSON) }

  /// Every success metric exactly on target.
  var onTarget: [MetricID: Double] {
    [
      "me_success_rate": 99.8, "login_success_rate": 99, "enrollment_created_rate": 97,
      "enrollment_conflict_rate": 2, "admin_approval_success_rate": 99.5,
      "me_response_time_ms": 150,
      "console_errors_per_hour": 0, "server_error_rate": 0.05,
    ].reduce(into: [:]) { $0[MetricID($1.key)] = $1.value }
  }

  func incident(_ id: Int64, _ severity: Severity, resolved: Bool) -> Incident {
    Incident(
      id: IncidentID(rawValue: id), title: "incident \(id)", severity: severity, impact: .medium,
      status: resolved ? .resolved : .open, type: EscalationType("critical"), metric: nil,
      alert: nil,
      openedAt: start, resolvedAt: resolved ? start.adding(.hours(1)) : nil)
  }

  @Test func everythingOnTargetIsAGo() {
    let verdict = runbook.verdict(figures: onTarget, incidents: [])
    #expect(verdict.status == .success)
    #expect(verdict.recommendation == .go)
    #expect(
      verdict.reasons == [
        "8 of 8 success metrics met their targets; no critical incident is unresolved"
      ])
  }

  @Test func aMissedTargetOrAWarningIsPartialButStillGo() {
    var figures = onTarget
    figures[MetricID("enrollment_conflict_rate")] = 7
    let missed = runbook.verdict(figures: figures, incidents: [])
    #expect(missed.status == .partial)
    #expect(missed.recommendation == .go)
    #expect(missed.reasons == ["enrollment_conflict_rate window figure 7% misses the target <= 5"])
    let warned = runbook.verdict(
      figures: onTarget, incidents: [incident(1, .warning, resolved: true)])
    #expect(warned.status == .partial)
    #expect(warned.reasons == ["warning incident 1 fired (resolved): incident 1"])
  }

  @Test func anUnresolvedCriticalIncidentOrAnAlertFigureIsNoGo() {
    let unresolved = runbook.verdict(
      figures: onTarget, incidents: [incident(2, .critical, resolved: false)])
    #expect(unresolved.status == .rollbackRequired)
    #expect(unresolved.recommendation == .noGo)
    #expect(unresolved.reasons == ["critical incident 2 is unresolved: incident 2"])
    var figures = onTarget
    figures[MetricID("server_error_rate")] = 0.7
    let alert = runbook.verdict(
      figures: figures, incidents: [incident(3, .critical, resolved: true)])
    #expect(alert.status == .rollbackRequired)
    #expect(
      alert.reasons == [
        "server_error_rate window figure 0.7% crosses the alert threshold > 0.5",
        "critical incident 3 was resolved: incident 3",
      ])
  }

  @Test func aResolvedCriticalIncidentAloneDoesNotBlockTheRelease() {
    let verdict = runbook.verdict(
      figures: onTarget, incidents: [incident(4, .critical, resolved: true)])
    #expect(verdict.status == .success)
  }

  @Test func thresholdsPrintTheSeedsWay() {
    #expect(Threshold(.greaterOrEqual, 99.5).compact(unit: .percent) == "≥99.5%")
    #expect(Threshold(.less, 200).compact(unit: .ms) == "<200ms")
    #expect(Threshold(.equal, 0).compact(unit: .count) == "0")
  }
}
