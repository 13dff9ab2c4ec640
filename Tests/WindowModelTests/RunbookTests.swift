import Foundation
import Testing
import WindowModel

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

@Suite struct DefaultRunbookTests {
  @Test func embeddedCopyEqualsRunbookJSONByteForByte() throws {
    let file = try String(
      contentsOf: repositoryRoot.appendingPathComponent("runbook.json"), encoding: .utf8)
    #expect(Runbook.defaultJSON == file, "run scripts/embed-runbook.sh after editing runbook.json")
  }

  @Test func holdsTheWholeSeedRunbook() throws {
    let runbook = try Runbook.load(json: Runbook.defaultJSON)
    #expect(runbook.release.version == "v2.0.0-p0")
    #expect(runbook.release.date == "2025-11-09")
    #expect(runbook.release.owner == "Platform Team")
    #expect(
      runbook.release.components.map(\.url) == [
        "https://neture.co.kr", "https://admin.neture.co.kr", "https://api.neture.co.kr",
      ])
    #expect(runbook.release.monitoringScope.count == 4)
    #expect(
      runbook.metrics.map(\.id.rawValue) == [
        "me_success_rate", "login_success_rate", "enrollment_created_rate",
        "enrollment_conflict_rate",
        "admin_approval_success_rate", "me_response_time_ms", "console_errors_per_hour",
        "server_error_rate",
        "validation_error_rate", "rate_limited_requests", "admin_approval_failures",
      ])
    #expect(runbook.metrics.filter(\.isSuccessMetric).count == 8)
    let me = try #require(runbook.metric(MetricID("me_success_rate")))
    #expect(me.target == Threshold(.greaterOrEqual, 99.5))
    #expect(me.alertThreshold == Threshold(.less, 99))
    #expect(me.source?.path?.description == "/auth/cookie/me")
    #expect(runbook.alertConditions.filter { $0.severity == .critical }.count == 5)
    #expect(runbook.alertConditions.filter { $0.severity == .warning }.count == 5)
    #expect(
      runbook.alertConditions.filter { $0.rule == .manual }.map(\.id.rawValue) == [
        "dashboard_inaccessible"
      ])
    #expect(runbook.phases.map(\.id) == ["critical", "high", "standard"])
    #expect(runbook.phases.map(\.hours) == [0..<6, 6..<24, 24..<72])
    #expect(runbook.phases.map(\.items.count) == [7, 6, 5])
    #expect(runbook.escalationContacts.map(\.responseMinutes) == [15, 30, 30, 60])
    #expect(
      runbook.escalationContacts.map(\.contact) == [
        "Platform Team Lead", "Security Team", "DBA On-Call", "DevOps Team",
      ])
    #expect(runbook.postMonitoringActions.onSuccess.count == 5)
    #expect(runbook.postMonitoringActions.onIssues.count == 5)
    #expect(runbook.troubleshooting.count == 4)
  }

  @Test func selectorsMatchPathsSegmentBySegment() throws {
    let pattern = try #require(PathPattern("/admin/enrollments/:id/approve"))
    #expect(pattern.matches("/admin/enrollments/42/approve"))
    #expect(!pattern.matches("/admin/enrollments//approve"))
    #expect(!pattern.matches("/admin/enrollments/42/approve/x"))
    let me = try #require(PathPattern("/auth/cookie/me"))
    #expect(me.matches("/auth/cookie/me"))
    #expect(!me.matches("/auth/cookie/me/extra"))
    #expect(StatusPattern("2xx")?.matches(204) == true)
    #expect(StatusPattern("2xx")?.matches(301) == false)
    #expect(StatusPattern("409")?.matches(409) == true)
    #expect(StatusPattern("6xx") == nil)
  }
}

@Suite struct RunbookValidationTests {
  /// The default runbook with one value replaced at a path of keys and indexes.
  /// The problems of the default runbook with the value at `path` (`metrics/3/target`) replaced.
  func problems(setting path: String, to newValue: JSONValue) throws -> [String] {
    let document = try JSONValue(parsing: Runbook.defaultJSON)
    let steps = path.split(separator: "/").map(String.init)
    let edited = replace(document, path: steps[...], with: newValue)
    do {
      _ = try Runbook.load(document: edited)
      return []
    } catch {
      guard case .invalid(let problems) = error else { return ["syntax"] }
      return problems.map(\.description)
    }
  }

  func replace(_ value: JSONValue, path: ArraySlice<String>, with newValue: JSONValue) -> JSONValue
  {
    guard let step = path.first else { return newValue }
    switch (value, Int(step)) {
    case (.object(var members), nil):
      let key = step
      if let index = members.firstIndex(where: { $0.0 == key }) {
        members[index].1 = replace(members[index].1, path: path.dropFirst(), with: newValue)
      } else {
        members.append((key, newValue))
      }
      return .object(members)
    case (.array(var values), let index?):
      values[index] = replace(values[index], path: path.dropFirst(), with: newValue)
      return .array(values)
    default:
      return value
    }
  }

  @Test func theDefaultRunbookHasNoProblems() throws {
    #expect(try problems(setting: "title", to: .string("P0")) == [])
  }

  @Test(
    arguments: [
      (
        "metrics/3/target", JSONValue.string("99.5"),
        "metrics[3].target: expected a comparator and a number like \">= 99.5\", got \"99.5\""
      ),
      (
        "metrics/0/alert_threshold", .number(99),
        "metrics[0].alert_threshold: expected a comparator and a number like \">= 99.5\", got 99"
      ),
      (
        "metrics/1/unit", .string("percentage"),
        "metrics[1].unit: expected one of \"percent\", \"ms\", \"count\", got \"percentage\""
      ),
      (
        "metrics/2/colour", .string("red"),
        "metrics[2].colour: unknown key; expected one of: id, category, name, short_name, baseline, target, alert_threshold, unit, action, success_metric, hour_figure, window_figure, source"
      ),
      (
        "alert_conditions/0/rule", .string("server_errors > 1"),
        "alert_conditions[0].rule: unknown metric \"server_errors\"; known metrics: me_success_rate, login_success_rate, enrollment_created_rate, enrollment_conflict_rate, admin_approval_success_rate, me_response_time_ms, console_errors_per_hour, server_error_rate, validation_error_rate, rate_limited_requests, admin_approval_failures"
      ),
      (
        "alert_conditions/2/rule", .string("login_success_rate below 90"),
        "alert_conditions[2].rule: expected \"manual\" or a metric, a comparator and a number like \"server_error_rate > 1\", got \"login_success_rate below 90\""
      ),
      (
        "alert_conditions/5/escalation", .string("legal"),
        "alert_conditions[5].escalation: unknown escalation type \"legal\"; known types: critical, security, database, infrastructure"
      ),
      (
        "alert_conditions/5/severity", .string("major"),
        "alert_conditions[5].severity: expected one of \"critical\", \"warning\", got \"major\""
      ),
      (
        "checklist/1/from_hour", .number(8),
        "checklist[1].from_hour: leaves a gap: hours 6–8 belong to no phase (the previous phase ends at 6)"
      ),
      (
        "checklist/1/from_hour", .number(4),
        "checklist[1].from_hour: overlaps the previous phase, which ends at hour 6"
      ),
      (
        "checklist/2/to_hour", .number(70),
        "checklist[2].to_hour: leaves a gap: hours 70–72 of the 72-hour window belong to no phase"
      ),
      (
        "checklist/2/to_hour", .number(80),
        "checklist[2].to_hour: 80 is past the end of the 72-hour window (release.monitoring_hours)"
      ),
      (
        "checklist/0/items/1/cadence", .string("hourly"),
        "checklist[0].items[1].cadence: expected one of \"round\", \"once\", got \"hourly\""
      ),
      (
        "checklist/1/items/0/id", .string("cookie_flags"),
        "checklist[1].items[0].id: duplicate checklist item id \"cookie_flags\" (first at checklist[0].items[1].id)"
      ),
      (
        "escalation_contacts/0/response_minutes", .number(-5),
        "escalation_contacts[0].response_minutes: expected a whole number from 1 to 10080, got -5"
      ),
      (
        "escalation_contacts/1/contact", .number(5),
        "escalation_contacts[1].contact: expected a string, got a number"
      ),
      ("post_monitoring_actions", .null, "post_monitoring_actions: expected an object, got null"),
      (
        "release/monitoring_hours", .string("72"),
        "release.monitoring_hours: expected a whole number from 1 to 8784, got \"72\""
      ),
      (
        "metrics/5/source/path", .string("auth/cookie/me"),
        "metrics[5].source.path: expected a path starting with '/' without a query string, like \"/admin/enrollments/:id/approve\", got \"auth/cookie/me\""
      ),
      (
        "metrics/0/source/statuses/0", .string("2XX"),
        "metrics[0].source.statuses[0]: expected a status like \"201\" or a class like \"2xx\", got \"2XX\""
      ),
      (
        "troubleshooting/0/metrics/0", .string("login_rate"),
        "troubleshooting[0].metrics[0]: unknown metric \"login_rate\"; known metrics: me_success_rate, login_success_rate, enrollment_created_rate, enrollment_conflict_rate, admin_approval_success_rate, me_response_time_ms, console_errors_per_hour, server_error_rate, validation_error_rate, rate_limited_requests, admin_approval_failures"
      ),
      (
        "metrics/6/hour_figure", .string("ratio"),
        "metrics[6].hour_figure: \"ratio\" needs request counts; a metric without a source takes \"sum\", \"max\", \"mean\" or \"latest\""
      ),
    ] as [(String, JSONValue, String)])
  func pointsAtTheExactField(path: String, value: JSONValue, expected: String) throws {
    #expect(try problems(setting: path, to: value) == [expected])
  }

  @Test func duplicateIDsAreReportedWithTheFirstOccurrence() throws {
    // Renaming a metric also orphans the references to its old id; all three are reported.
    #expect(
      try problems(setting: "metrics/4/id", to: .string("me_success_rate")) == [
        "metrics[4].id: duplicate metric id \"me_success_rate\" (first at metrics[0].id)",
        "troubleshooting[2].metrics[0]: unknown metric \"admin_approval_success_rate\"; known metrics: me_success_rate, login_success_rate, enrollment_created_rate, enrollment_conflict_rate, me_response_time_ms, console_errors_per_hour, server_error_rate, validation_error_rate, rate_limited_requests, admin_approval_failures",
        "reports.daily_metrics[2]: unknown metric \"admin_approval_success_rate\"; known metrics: me_success_rate, login_success_rate, enrollment_created_rate, enrollment_conflict_rate, me_response_time_ms, console_errors_per_hour, server_error_rate, validation_error_rate, rate_limited_requests, admin_approval_failures",
      ])
  }

  @Test func reportsEveryProblemAtOnce() throws {
    let document = try JSONValue(
      parsing: #"{"format": 1, "title": "", "metrics": [], "checklist": "none"}"#)
    #expect(
      throws: RunbookError.invalid([
        RunbookProblem(path: "title", message: "expected a non-empty string"),
        RunbookProblem(path: "release", message: "missing"),
        RunbookProblem(path: "alert_conditions", message: "missing"),
        RunbookProblem(path: "checklist", message: "expected an array, got a string"),
        RunbookProblem(path: "escalation_contacts", message: "missing"),
        RunbookProblem(path: "post_monitoring_actions", message: "missing"),
        RunbookProblem(path: "metrics", message: "expected at least one metric"),
      ])
    ) {
      try Runbook.load(document: document)
    }
  }

  @Test func malformedJSONReportsLineAndColumn() {
    let text = Runbook.defaultJSON.replacingOccurrences(of: "\"format\": 1,", with: "\"format\": 1")
    #expect(
      throws: RunbookError.syntax(
        JSONSyntaxError(line: 3, column: 3, message: "expected ',' or '}', found '\"'"))
    ) {
      try Runbook.load(json: text)
    }
  }
}
