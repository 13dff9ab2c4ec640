import Testing
import WindowModel

@Suite struct MetricEvaluationTests {
  let runbook: Runbook
  let start = Timestamp(secondsSinceEpoch: 1_762_696_800)

  init() throws { runbook = try Runbook.load(json: Runbook.defaultJSON) }

  func metric(_ id: String) throws -> Metric { try #require(runbook.metric(MetricID(id))) }

  @Test(arguments: [
    ("server_error_rate", 0.05, MetricStatus.ok), ("server_error_rate", 0.3, .warn),
    ("server_error_rate", 0.7, .alert),
    ("server_error_rate", 0.1, .warn), ("server_error_rate", 0.5, .warn),
    ("me_success_rate", 99.7, .ok), ("me_success_rate", 99.2, .warn),
    ("me_success_rate", 98.5, .alert),
    ("me_success_rate", 99.5, .ok), ("me_success_rate", 99, .warn),
    ("enrollment_conflict_rate", 4, .ok), ("enrollment_conflict_rate", 7, .warn),
    ("enrollment_conflict_rate", 12, .alert),
    ("enrollment_conflict_rate", 5, .ok), ("enrollment_conflict_rate", 10, .warn),
    ("console_errors_per_hour", 0, .ok), ("console_errors_per_hour", 3, .warn),
    ("console_errors_per_hour", 6, .alert),
    ("me_response_time_ms", 180, .ok), ("me_response_time_ms", 200, .warn),
    ("me_response_time_ms", 501, .alert),
  ])
  func judgesFiguresLikeTheSeedReports(id: String, figure: Double, expected: MetricStatus) throws {
    #expect(try metric(id).status(of: figure) == expected)
  }

  @Test func noFigureIsNoData() throws {
    #expect(try metric("me_success_rate").status(of: nil) == .nodata)
  }

  @Test(arguments: ["NaN", "nan", "inf", "-inf", "1e999", "abc", "", "0x10", "99.5%", "1,5"])
  func rejectsTextThatIsNotAFiniteNumber(text: String) throws {
    #expect(throws: ReadingError.notANumber(metric: MetricID("me_success_rate"), text: text)) {
      try metric("me_success_rate").parseReading(text)
    }
  }

  @Test(arguments: [
    ("me_success_rate", "100.5"), ("me_success_rate", "-0.1"), ("console_errors_per_hour", "2.5"),
    ("console_errors_per_hour", "-1"), ("me_response_time_ms", "-3"),
  ])
  func rejectsValuesTheUnitCannotTake(id: String, text: String) throws {
    #expect(throws: ReadingError.self) { try metric(id).parseReading(text) }
  }

  @Test func acceptsPlainNumbers() throws {
    #expect(try metric("me_success_rate").parseReading("99.7") == 99.7)
    #expect(try metric("console_errors_per_hour").parseReading("12") == 12)
    #expect(try metric("me_response_time_ms").parseReading("1.5e2") == 150)
  }

  @Test func requestRatesCombineAsRatiosOfTotalsNeverMeansOfPercentages() throws {
    let series = MetricSeries(
      metric: try metric("me_success_rate"),
      hours: [
        0: HourData(counts: RequestCounts(matched: 1_000, hits: 990)),  // 99%
        1: HourData(counts: RequestCounts(matched: 10, hits: 5)),  // 50%
      ])
    #expect(series.hourFigure(0) == 99)
    #expect(series.hourFigure(1) == 50)
    #expect(series.figure() == 995.0 / 1_010.0 * 100)  // 98.51%, not the mean 74.5%
    #expect(series.figure(over: 1..<2) == 50)
  }

  @Test func consoleErrorsAreACountPerHourAndTheWindowTakesTheWorstHour() throws {
    let readings = [(0, 2.0), (0, 3.0), (1, 7.0), (2, 0.0)]
    var hours: [Int: HourData] = [:]
    for (hour, value) in readings {
      hours[hour, default: HourData()].readings.append(
        Reading(value: value, at: start.adding(.hours(hour))))
    }
    let series = MetricSeries(metric: try metric("console_errors_per_hour"), hours: hours)
    #expect(series.hourFigure(0) == 5)
    #expect(series.hourFigure(1) == 7)
    #expect(series.figure() == 7)
    #expect(series.latestHour?.hour == 2)
    #expect(series.latestHour?.figure == 0)
  }

  @Test func firingConditionsPutCriticalOnesFirst() throws {
    #expect(
      runbook.firingConditions(for: MetricID("server_error_rate"), figure: 1.3).map(\.id.rawValue)
        == ["server_errors_critical"])
    #expect(runbook.firingConditions(for: MetricID("server_error_rate"), figure: 0.9).isEmpty)
    #expect(
      runbook.firingConditions(for: MetricID("enrollment_conflict_rate"), figure: 12).map(
        \.id.rawValue) == ["enrollment_conflicts_warning"])
    #expect(
      runbook.firingConditions(for: MetricID("rate_limited_requests"), figure: 1).map(\.severity)
        == [.warning])
  }

  @Test func aFiringConditionOpensOneIncidentAndAddsToItWhileUnresolved() throws {
    let open = runbook.alertResponses(
      for: MetricID("server_error_rate"), figure: 1.3, unresolved: [])
    let condition = try #require(runbook.alertCondition(AlertConditionID("server_errors_critical")))
    #expect(open == [.open(condition)])
    let incident = Incident(
      id: IncidentID(rawValue: 4), title: "5xx", severity: .critical, impact: .high,
      status: .monitoring,
      type: EscalationType("critical"), metric: MetricID("server_error_rate"), alert: condition.id,
      openedAt: start,
      resolvedAt: nil)
    #expect(
      runbook.alertResponses(
        for: MetricID("server_error_rate"), figure: 1.5, unresolved: [incident])
        == [.extend(condition, IncidentID(rawValue: 4))])
    #expect(
      runbook.alertResponses(for: MetricID("server_error_rate"), figure: 0.9, unresolved: [])
        .isEmpty)
  }

  @Test func healthIsCriticalOnAlertsOrCriticalIncidentsOrOverduePagesAndWarningOnMisses() throws {
    let ok = runbook.health(
      latestFigures: [MetricID("me_success_rate"): 99.9], unresolved: [], overdue: [])
    #expect(ok == HealthReport(state: .ok, reasons: []))
    let warn = runbook.health(
      latestFigures: [MetricID("me_success_rate"): 99.2], unresolved: [], overdue: [])
    #expect(
      warn
        == HealthReport(state: .warning, reasons: ["me_success_rate 99.2% misses target >= 99.5"]))
    let overdue = runbook.health(
      latestFigures: [:], unresolved: [],
      overdue: [OverduePage(id: EscalationID(rawValue: 3), contact: "DevOps Team", minutesLate: 4)])
    #expect(
      overdue
        == HealthReport(state: .critical, reasons: ["escalation 3 to DevOps Team overdue 4 min"]))
  }
}

@Suite struct LatencyHistogramTests {
  @Test func p95IsWithinOnePercentOfTheExactNearestRank() {
    var histogram = LatencyHistogram()
    var values: [Double] = []
    for i in 1...2_000 {
      let value = Double((i * 7_919) % 1_500 + 1)  // 1…1500 ms, scrambled
      values.append(value)
      histogram.record(milliseconds: value)
    }
    let sorted = values.sorted()
    let exact = sorted[Int((0.95 * Double(sorted.count)).rounded(.up)) - 1]
    let estimate = histogram.percentile(95) ?? 0
    #expect(abs(estimate - exact) <= exact * LatencyHistogram.relativeAccuracy)
  }

  @Test func hoursMergeWithoutRereading() throws {
    var first = LatencyHistogram()
    var second = LatencyHistogram()
    var both = LatencyHistogram()
    for value in stride(from: 1.0, through: 300, by: 1) {
      first.record(milliseconds: value); both.record(milliseconds: value)
    }
    for value in stride(from: 301.0, through: 900, by: 3) {
      second.record(milliseconds: value); both.record(milliseconds: value)
    }
    #expect(first.merging(second) == both)
    #expect(first.merging(second).count == 500)
    let decoded = try #require(LatencyHistogram(encoded: both.encoded))
    #expect(decoded == both)
  }

  @Test func subMillisecondTimesCountAsZero() {
    var histogram = LatencyHistogram()
    for _ in 0..<96 { histogram.record(milliseconds: 0) }
    for _ in 0..<4 { histogram.record(milliseconds: 1_000) }
    #expect(histogram.percentile(95) == 0)
    #expect(histogram.percentile(97).map { abs($0 - 1_000) <= 10 } == true)
    #expect(LatencyHistogram().percentile(95) == nil)
  }
}
