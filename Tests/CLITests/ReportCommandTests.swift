import Foundation
import Testing

/// Three full 72-hour windows replayed with `--now`, and their reports compared byte for byte
/// with the checked-in files in Tests/Fixtures/reports (set P0WATCH_UPDATE_FIXTURES=1 to rewrite
/// them after a deliberate change, then read the diff).
@Suite struct ReportCommandTests {
  /// Shell lines that tick every item of every round, as a diligent on-call would.
  static let fullChecklist = """
    for h in $(seq 0 71); do
      if [ $h -lt 6 ]; then items="1 2 3 4 5 6 7"; elif [ $h -lt 24 ]; then items="1 2 3 4 5 6"; else items="1 2 3 4 5"; fi
      p0watch check done $items --now T+${h}h30m >/dev/null || exit 1
    done
    """

  /// Readings that meet every success metric's target, on each of the three days.
  static let onTarget = """
    for d in 1 25 49; do
      p0watch metric record me_success_rate 99.8 --now T+${d}h >/dev/null
      p0watch metric record login_success_rate 99 --now T+${d}h >/dev/null
      p0watch metric record enrollment_created_rate 97 --now T+${d}h >/dev/null
      p0watch metric record admin_approval_success_rate 99.5 --now T+${d}h >/dev/null
      p0watch metric record me_response_time_ms 150 --now T+${d}h >/dev/null
      p0watch metric record console_errors_per_hour 0 --now T+${d}h >/dev/null
      p0watch metric record server_error_rate 0.05 --now T+${d}h >/dev/null
    done
    """

  static func scenario(_ body: String) throws -> Sandbox {
    let sandbox = try Sandbox()
    sandbox.environment["P0WATCH_USER"] = "alice"
    let script = """
      set -eu
      p0watch window start --now 2025-11-09T14:00:00Z >/dev/null
      \(fullChecklist)
      \(onTarget)
      p0watch note "Dashboard feels faster since the refactor" --tag feedback --now T+26h --as bob >/dev/null
      \(body)
      """
    let run = try sandbox.external(["bash", "-c", script])
    #expect(run.status == 0, "scenario failed: \(run.stderr)")
    return sandbox
  }

  static func clean() throws -> Sandbox {
    try scenario(
      """
      p0watch metric record enrollment_conflict_rate 2 --now T+30h >/dev/null
      p0watch window close --now T+72h --as lead >/dev/null
      p0watch actions done 1 --note "tagged stable in the release tracker" --now T+73h >/dev/null
      """)
  }

  static func warnings() throws -> Sandbox {
    try scenario(
      """
      p0watch metric record enrollment_conflict_rate 7 --now T+30h >/dev/null
      p0watch incident open $'409 conflicts | double submit\\non Safari' --severity warning --impact medium --metric enrollment_conflict_rate --now T+30h10m >/dev/null
      p0watch escalate 1 --type database --now T+30h15m >/dev/null
      p0watch ack 1 --now T+30h40m --as dba >/dev/null
      p0watch incident update 1 --status monitoring --action "disabled the submit button while pending" --now T+31h >/dev/null
      p0watch incident resolve 1 --action "deployed duplicate detection" --now T+34h >/dev/null
      p0watch window close --now T+72h --as lead >/dev/null
      """)
  }

  static func critical(override: Bool) throws -> Sandbox {
    let close =
      override
      ? "p0watch window close --now T+72h --as lead --decision go --why \"5xx come from one crawler; blocked at the edge\" >/dev/null"
      : "p0watch window close --now T+72h --as lead >/dev/null"
    return try scenario(
      """
      p0watch metric record enrollment_conflict_rate 2 --now T+30h >/dev/null
      p0watch metric record server_error_rate 1.3 --now T+60h >/dev/null
      p0watch ack 1 --now T+60h20m --as platform-lead >/dev/null
      p0watch incident update 1 --action "rolled back the cache layer" --now T+61h >/dev/null
      \(close)
      """)
  }

  func expectMatchesFixture(_ actual: String, _ name: String) throws {
    let url = repositoryRoot.appendingPathComponent("Tests/Fixtures/reports/\(name)")
    if ProcessInfo.processInfo.environment["P0WATCH_UPDATE_FIXTURES"] != nil {
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try actual.write(to: url, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(actual == expected, "\(name) differs from the checked-in report")
  }

  /// Every row of every Markdown table has as many unescaped `|` as the table's header.
  func expectTablesIntact(_ markdown: String) {
    var columns: Int?
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      guard line.hasPrefix("|") else {
        columns = nil
        continue
      }
      var count = 0
      var previous: Character = " "
      for character in line {
        if character == "|", previous != "\\" { count += 1 }
        previous = character
      }
      if let columns {
        #expect(count == columns, "broken table row: \(line)")
      } else {
        columns = count
      }
    }
  }

  @Test func aCleanWindowIsAGoWithTheSuccessActions() throws {
    let sandbox = try Self.clean()
    let final = try sandbox.run("report", "final")
    try expectMatchesFixture(final.stdout, "clean-final.md")
    let json = try sandbox.run("report", "final", "--format", "json").object()
    #expect(json["overall_status"] as? String == "success")
    #expect(json["recommendation"] as? String == "go")
    #expect(json["computed_recommendation"] as? String == "go")
    #expect(json["override"] is NSNull)
    #expect(json["preview"] as? Bool == false)
    let actions = try #require(json["actions"] as? [[String: Any]])
    #expect(
      actions.map { $0["text"] as? String } == [
        "Mark release as stable", "Update monitoring to standard cadence",
        "Document lessons learned",
        "Plan P1 features", "Archive monitoring logs",
      ])
    #expect(actions[0]["done_by"] as? String == "alice")
    let checklist = try #require(json["checklist"] as? [[String: Any]])
    #expect(checklist.map { $0["due"] as? Int } == [42, 108, 193])
    #expect(checklist.map { $0["missed"] as? Int } == [0, 0, 0])
    let daily = try sandbox.run("report", "daily", "--day", "2")
    try expectMatchesFixture(daily.stdout, "clean-day2.md")
    let dailyJSON = try sandbox.run("report", "daily", "--day", "2", "--format", "json").object()
    #expect(dailyJSON["status"] as? String == "healthy")
    #expect(dailyJSON["period_start"] as? String == "2025-11-10T14:00:00Z")
    #expect(dailyJSON["period_end"] as? String == "2025-11-11T14:00:00Z")
    #expect(
      (dailyJSON["feedback"] as? [[String: Any]])?.map { $0["text"] as? String } == [
        "Dashboard feels faster since the refactor"
      ])
    let timeline = try sandbox.run("timeline", "--json").objects()
    #expect(
      timeline.suffix(3).map { $0["kind"] as? String } == [
        "window.close", "window.verdict", "action.done",
      ])
  }

  @Test func warningsMakeAPartialGoNamingTheMetricAndTheIncident() throws {
    let sandbox = try Self.warnings()
    let final = try sandbox.run("report", "final")
    try expectMatchesFixture(final.stdout, "warnings-final.md")
    expectTablesIntact(final.stdout)
    #expect(
      final.stdout.contains("enrollment_conflict_rate window figure 7% misses the target <= 5"))
    #expect(
      final.stdout.contains(
        "warning incident 1 fired (resolved): 409 conflicts | double submit on Safari"))
    let json = try sandbox.run("report", "final", "--format", "json").object()
    #expect(json["overall_status"] as? String == "partial")
    #expect(json["recommendation"] as? String == "go")
    #expect((json["reasons"] as? [String])?.count == 2)
    let day2 = try sandbox.run("report", "daily", "--day", "2")
    try expectMatchesFixture(day2.stdout, "warnings-day2.md")
    expectTablesIntact(day2.stdout)
    let day2JSON = try sandbox.run("report", "daily", "--day", "2", "--format", "json").object()
    #expect(day2JSON["status"] as? String == "warning")
    #expect(
      (day2JSON["escalations"] as? [[String: Any]])?.map { $0["state"] as? String } == ["on_time"])
    #expect((day2JSON["incidents"] as? [[String: Any]])?.map { $0["id"] as? Int } == [1])
    let day3 = try sandbox.run("report", "daily", "--day", "3", "--format", "json").object()
    #expect(day3["status"] as? String == "healthy")
  }

  @Test func anUnresolvedCriticalIncidentIsANoGoWithTheIssueActions() throws {
    let sandbox = try Self.critical(override: false)
    let final = try sandbox.run("report", "final")
    try expectMatchesFixture(final.stdout, "critical-final.md")
    let json = try sandbox.run("report", "final", "--format", "json").object()
    #expect(json["overall_status"] as? String == "rollback_required")
    #expect(json["recommendation"] as? String == "no-go")
    #expect(
      (json["actions"] as? [[String: Any]])?.map { $0["text"] as? String } == [
        "Document all incidents", "Create hotfix tickets", "Schedule post-mortem",
        "Update rollback procedures",
        "Improve monitoring coverage",
      ])
    let escalations = try #require(json["escalations"] as? [[String: Any]])
    #expect(escalations.map { $0["state"] as? String } == ["breached"])
    #expect(escalations.map { $0["minutes_late"] as? Int } == [5])
  }

  @Test func aLeadsOverrideShowsBothVerdictsAndTheReason() throws {
    let sandbox = try Self.critical(override: true)
    let final = try sandbox.run("report", "final")
    try expectMatchesFixture(final.stdout, "override-final.md")
    let json = try sandbox.run("report", "final", "--format", "json").object()
    #expect(json["overall_status"] as? String == "rollback_required")
    #expect(json["computed_recommendation"] as? String == "no-go")
    #expect(json["recommendation"] as? String == "go")
    let override = try #require(json["override"] as? [String: Any])
    #expect(override["decision"] as? String == "go")
    #expect(override["why"] as? String == "5xx come from one crawler; blocked at the edge")
    #expect(override["by"] as? String == "lead")
    #expect(
      (json["actions"] as? [[String: Any]])?.first?["text"] as? String == "Mark release as stable")
  }

  @Test func beforeCloseTheFinalReportIsAPreview() throws {
    let sandbox = try Sandbox()
    try sandbox.startWindow()
    let preview = try sandbox.run("report", "final", "--now", "T+10h")
    #expect(
      preview.stdout.contains(
        "> **PREVIEW** — window 1 is still open (as of 2025-11-10T00:00:00Z, T+10:00)"))
    #expect(
      try sandbox.run("report", "final", "--json", "--now", "T+10h").object()["preview"] as? Bool
        == true)
    #expect(try sandbox.run("actions", "done", "1", "--now", "T+10h").status == 65)
    #expect(try sandbox.run("report", "daily", "--day", "4", "--now", "T+10h").status == 65)
    #expect(try sandbox.run("window", "close", "--decision", "go", "--now", "T+10h").status == 64)
  }
}
