import Foundation
import Testing

@Suite struct MetricCommandTests {
  let sandbox: Sandbox
  init() throws {
    sandbox = try Sandbox()
    try sandbox.startWindow()
  }

  func record(_ metric: String, _ value: String, _ now: String) throws -> [String: Any] {
    let run = try sandbox.run("metric", "record", metric, value, "--now", now, "--json")
    #expect(run.status == 0, "\(run.stderr)")
    return try run.object()
  }

  func incidents() throws -> [[String: Any]] {
    try sandbox.run("incident", "list", "--json").objects()
  }

  @Test(arguments: [
    ("server_error_rate", "0.05", "ok"), ("server_error_rate", "0.3", "warn"),
    ("server_error_rate", "0.7", "alert"),
    ("me_success_rate", "99.7", "ok"), ("me_success_rate", "99.2", "warn"),
    ("me_success_rate", "98.5", "alert"),
    ("enrollment_conflict_rate", "4", "ok"), ("enrollment_conflict_rate", "7", "warn"),
    ("enrollment_conflict_rate", "12", "alert"),
  ])
  func eachReadingIsJudged(metric: String, value: String, status: String) throws {
    let result = try record(metric, value, "T+1h")
    #expect(result["status"] as? String == status)
    let listed = try sandbox.run("metric", "list", "--json", "--now", "T+1h").objects().first {
      $0["id"] as? String == metric
    }
    #expect(listed?["status"] as? String == status)
    #expect(listed?["latest"] as? Double == Double(value))
  }

  @Test func aConflictRateOfTwelveFiresThe409WarningCondition() throws {
    let result = try record("enrollment_conflict_rate", "12", "T+1h")
    let alerts = try #require(result["alerts"] as? [[String: Any]])
    #expect(alerts.map { $0["condition"] as? String } == ["enrollment_conflicts_warning"])
    let list = try incidents()
    #expect(list.count == 1)
    #expect(list[0]["severity"] as? String == "warning")
    #expect(list[0]["alert"] as? String == "enrollment_conflicts_warning")
    #expect(list[0]["metric"] as? String == "enrollment_conflict_rate")
    #expect((list[0]["escalations"] as? [Any])?.isEmpty == true)
  }

  @Test func aCriticalConditionOpensOneIncidentUntilResolved() throws {
    _ = try record("server_error_rate", "1.3", "T+1h")
    var list = try incidents()
    #expect(list.count == 1)
    #expect(list[0]["severity"] as? String == "critical")
    #expect(list[0]["title"] as? String == "5xx error rate > 1% (observed 1.3%)")
    let pages = try #require(list[0]["escalations"] as? [[String: Any]])
    #expect(pages.map { $0["contact"] as? String } == ["Platform Team Lead"])

    let again = try record("server_error_rate", "1.5", "T+1h10m")
    #expect((again["alerts"] as? [[String: Any]])?.first?["opened"] as? Bool == false)
    list = try incidents()
    #expect(list.count == 1)
    let timeline = try sandbox.run("timeline", "--incident", "1", "--json").objects()
    #expect(
      timeline.last?["text"] as? String
        == "Alert condition server_errors_critical fired again: server_error_rate 1.5% in hour 1")

    try sandbox.run("incident", "resolve", "1", "--action", "rolled back", "--now", "T+2h")
    _ = try record("server_error_rate", "1.2", "T+3h")
    list = try incidents()
    #expect(list.count == 2)
    #expect(list[1]["status"] as? String == "open")
    #expect((list[1]["escalations"] as? [Any])?.count == 1)
  }

  @Test func consoleErrorsAddUpWithinTheHourBeforeTheConditionFires() throws {
    _ = try record("console_errors_per_hour", "6", "T+1h05m")
    #expect(try incidents().isEmpty)
    let second = try record("console_errors_per_hour", "5", "T+1h40m")
    #expect(second["hour_value"] as? Double == 11)
    #expect(try incidents().map { $0["alert"] as? String } == ["console_errors_critical"])
  }

  @Test(arguments: ["NaN", "inf", "1e999", "abc", "-2", "100.1"])
  func badValuesExit65AndWriteNothing(value: String) throws {
    let run = try sandbox.run("metric", "record", "me_success_rate", value, "--now", "T+1h")
    #expect(run.status == 65)
    #expect(run.stderr.hasPrefix("Error: "))
    #expect(try sandbox.run("timeline", "--json").objects().count == 1)
  }

  @Test func unknownMetricsExit65AndWriteNothing() throws {
    let run = try sandbox.run("metric", "record", "cpu_usage", "5", "--now", "T+1h")
    #expect(run.status == 65)
    #expect(run.stderr.hasPrefix("Error: unknown metric \"cpu_usage\"; valid: me_success_rate, "))
    #expect(try sandbox.run("metric", "show", "cpu_usage").status == 65)
    #expect(try sandbox.run("timeline", "--json").objects().count == 1)
  }

  @Test func metricListCarriesTheContractKeys() throws {
    _ = try record("me_success_rate", "99.7", "T+1h")
    _ = try record("me_success_rate", "99.1", "T+2h")
    let list = try sandbox.run("metric", "list", "--json", "--now", "T+2h30m").objects()
    #expect(list.count == 11)
    let me = try #require(list.first)
    #expect(me["id"] as? String == "me_success_rate")
    #expect(me["name"] as? String == "/auth/cookie/me success rate")
    #expect(me["unit"] as? String == "percent")
    #expect(me["latest"] as? Double == 99.1)
    #expect(me["hour_value"] as? Double == 99.1)
    #expect(me["window_value"] as? Double == 99.4)
    #expect(me["target"] as? String == ">= 99.5")
    #expect(me["alert_threshold"] as? String == "< 99")
    #expect(me["status"] as? String == "warn")
    #expect(list[1]["status"] as? String == "nodata")
    #expect(list[1]["latest"] is NSNull)
    let shown = try sandbox.run("metric", "show", "me_success_rate", "--json", "--now", "T+3h")
      .object()
    let hours = try #require(shown["hours"] as? [[String: Any]])
    #expect(hours.map { $0["hour"] as? Int } == [1, 2])
    #expect(hours.map { $0["status"] as? String } == ["ok", "warn"])
  }

  @Test func aReadingOutsideTheWindowOrInTheFutureIsRefused() throws {
    #expect(
      try sandbox.run(
        "metric", "record", "me_success_rate", "99.9", "--at", "T-1h", "--now", "T+1h"
      ).status == 65)
    #expect(
      try sandbox.run(
        "metric", "record", "me_success_rate", "99.9", "--at", "T+2h", "--now", "T+1h"
      ).status == 65)
  }
}

@Suite struct HealthCommandTests {
  let sandbox: Sandbox
  init() throws { sandbox = try Sandbox() }

  /// The Nagios plugin output grammar: `TEXT | 'label'=value[UOM];[warn];[crit];[min];[max] ...`
  func perfdataParses(_ line: String) throws -> [String] {
    let parts = line.split(separator: "|", maxSplits: 1)
    guard parts.count == 2 else { return [] }
    let range = #"(@?(~|-?[0-9.]+)?:?(-?[0-9.]+)?)?"#
    let datum = try Regex(
      #"^('[^'=]+'|[^'= ]+)=-?[0-9.]+(s|ms|us|%|B|KB|MB|TB|c)?(;"# + range + #"){0,4}$"#)
    let items = parts[1].split(separator: " ").map(String.init)
    for item in items {
      #expect(item.wholeMatch(of: datum) != nil, "perfdata '\(item)' breaks the grammar")
    }
    return items
  }

  @Test func unknownWithoutAWindow() throws {
    let noDatabase = try sandbox.run("health")
    #expect(noDatabase.status == 3)
    #expect(noDatabase.stdout.hasPrefix("P0WATCH UNKNOWN - no database at "))
    try sandbox.startWindow()
    try sandbox.run("window", "close", "--now", "T+72h")
    let closed = try sandbox.run("health")
    #expect(closed.status == 3)
    #expect(closed.stdout.hasPrefix("P0WATCH UNKNOWN - no active monitoring window"))
    try "garbage".write(toFile: sandbox.database, atomically: true, encoding: .utf8)
    #expect(try sandbox.run("health").status == 3)
  }

  @Test func okWarningAndCriticalFollowTheCurrentState() throws {
    try sandbox.startWindow()
    try sandbox.run("metric", "record", "me_success_rate", "99.7", "--now", "T+1h")
    let ok = try sandbox.run("health", "--now", "T+1h05m")
    #expect(ok.status == 0)
    #expect(
      ok.stdout
        == "P0WATCH OK - window 1 v2.0.0-p0, hour 1 of 72, all metrics on target | me_success_rate=99.7%;99.5:;99:\n"
    )
    #expect(try perfdataParses(ok.stdout.trimmingCharacters(in: .newlines)).count == 1)

    try sandbox.run("metric", "record", "enrollment_conflict_rate", "7", "--now", "T+2h")
    let warning = try sandbox.run("health", "--now", "T+2h05m")
    #expect(warning.status == 1)
    #expect(
      warning.stdout.hasPrefix(
        "P0WATCH WARNING - enrollment_conflict_rate 7% misses target <= 5 | "))

    try sandbox.run("metric", "record", "server_error_rate", "1.3", "--now", "T+3h")
    let critical = try sandbox.run("health", "--now", "T+3h05m")
    #expect(critical.status == 2)
    #expect(
      critical.stdout.hasPrefix(
        "P0WATCH CRITICAL - server_error_rate 1.3% crosses alert > 0.5; critical incident 1 open: 5xx error rate > 1% (observed 1.3%); enrollment_conflict_rate 7% misses target <= 5 | "
      ))
    let items = try perfdataParses(critical.stdout.trimmingCharacters(in: .newlines))
    #expect(
      items == [
        "me_success_rate=99.7%;99.5:;99:", "enrollment_conflict_rate=7%;~:5;~:10",
        "server_error_rate=1.3%;~:0.1;~:0.5",
      ])

    // The current state, not history: new readings on target and the incident resolved.
    try sandbox.run("metric", "record", "server_error_rate", "0.05", "--now", "T+4h")
    try sandbox.run("metric", "record", "enrollment_conflict_rate", "3", "--now", "T+4h")
    try sandbox.run("incident", "resolve", "1", "--action", "rolled back", "--now", "T+4h10m")
    #expect(try sandbox.run("health", "--now", "T+4h15m").status == 0)
  }
}
