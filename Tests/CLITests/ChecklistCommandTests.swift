import Foundation
import Testing

@Suite struct ChecklistCommandTests {
  let sandbox: Sandbox
  init() throws {
    sandbox = try Sandbox()
    try sandbox.startWindow()
  }

  func status(_ now: String) throws -> [String: Any] {
    try sandbox.run("status", "--json", "--now", now).object()
  }

  @Test func roundTwoListsTheSevenCriticalItemsAndCountsTicks() throws {
    let items = try sandbox.run("check", "--json", "--now", "T+2h30m").objects()
    #expect(items.map { $0["number"] as? Int } == [1, 2, 3, 4, 5, 6, 7])
    #expect(
      items.map { $0["id"] as? String } == [
        "me_assignments", "cookie_flags", "enrollment_success", "console_errors", "admin_approval",
        "auth_error_patterns", "server_health",
      ])
    #expect(items.allSatisfy { $0["hour"] as? Int == 2 && $0["done_by"] is NSNull })
    let done = try sandbox.run("check", "done", "1", "3", "cookie_flags", "--now", "T+2h30m")
    #expect(done.status == 0)
    #expect(done.stdout.hasSuffix("Round 2: 3/7 done.\n"))
    let json = try status("T+2h30m")
    #expect(json["phase"] as? String == "critical")
    #expect(json["round"] as? Int == 2)
    #expect(json["due"] as? Int == 7)
    #expect(json["done"] as? Int == 3)
    let ticked = try sandbox.run("check", "--json", "--now", "T+2h45m").objects()
    #expect(
      ticked.map { $0["done_by"] as? String } == ["oncall", "oncall", "oncall", nil, nil, nil, nil])
    #expect(ticked[0]["done_at"] as? String == "2025-11-09T16:30:00Z")
  }

  @Test func afterTheRoundEndsItsUntickedItemsAreMissed() throws {
    try sandbox.run("check", "done", "1", "2", "3", "--now", "T+2h30m")
    #expect(try status("T+2h59m")["missed"] as? Int == 14)
    let json = try status("T+3h10m")
    #expect(json["round"] as? Int == 3)
    #expect(json["due"] as? Int == 7)
    #expect(json["done"] as? Int == 0)
    #expect(json["missed"] as? Int == 18)  // 7 + 7 from rounds 0 and 1, 4 from round 2
    let rounds = try sandbox.run("check", "--all", "--json", "--now", "T+3h10m").objects()
    #expect(rounds.map { $0["round"] as? Int } == [0, 1, 2, 3])
    #expect(rounds.map { $0["missed"] as? Int } == [7, 7, 4, 0])
    #expect(rounds.map { $0["done"] as? Int } == [0, 0, 3, 0])
  }

  @Test func phasesFollowTheWindowHours() throws {
    let high = try sandbox.run("check", "--json", "--now", "T+7h").objects()
    #expect(high.count == 6)
    #expect(high.first?["id"] as? String == "enrollment_status_page")
    #expect(try status("T+7h")["phase"] as? String == "high")
    let standard = try sandbox.run("check", "--json", "--now", "T+30h").objects()
    #expect(standard.map { $0["id"] as? String }.last == "post_deployment_report")
    #expect(standard.count == 5)
    #expect(try status("T+30h")["phase"] as? String == "standard")
  }

  @Test func backfillingRoundOneRemovesItFromTheMissedCount() throws {
    #expect(try status("T+3h10m")["missed"] as? Int == 21)
    let backfill = try sandbox.run(
      "check", "done", "1", "2", "3", "4", "5", "6", "7", "--hour", "1", "--now", "T+3h10m")
    #expect(backfill.status == 0)
    #expect(backfill.stdout.hasSuffix("Round 1: 7/7 done.\n"))
    #expect(try status("T+3h10m")["missed"] as? Int == 14)
    let timeline = try sandbox.run("timeline", "--json").objects()
    #expect(
      timeline.last?["text"] as? String
        == "Checked [server_health] Monitor server health (CPU, memory, disk) (round 1, backfilled)"
    )
  }

  @Test func tickingTwiceSaysSoAndWritesNothing() throws {
    try sandbox.run("check", "done", "2", "--now", "T+1h05m", "--as", "alice")
    let again = try sandbox.run("check", "done", "cookie_flags", "--now", "T+1h20m")
    #expect(again.status == 0)
    #expect(
      again.stdout == """
        Already done: [cookie_flags] Check httpOnly cookies are set with correct flags — by alice at T+01:05 (round 1); nothing changed.
        Round 1: 1/7 done.

        """)
    #expect(try sandbox.run("timeline", "--json").objects().count == 2)
  }

  @Test func unknownItemsAndHoursOutsideTheWindowExit65NamingTheValidChoices() throws {
    let unknown = try sandbox.run("check", "done", "99", "--now", "T+1h")
    #expect(unknown.status == 65)
    #expect(
      unknown.stderr
        == "Error: no checklist item \"99\" in round 1; valid: numbers 1–7 or ids me_assignments, cookie_flags, enrollment_success, console_errors, admin_approval, auth_error_patterns, server_health\n"
    )
    let outside = try sandbox.run("check", "done", "1", "--hour", "80", "--now", "T+1h")
    #expect(outside.status == 65)
    #expect(outside.stderr == "Error: hour 80 is outside the window; valid hours are 0–71\n")
    let future = try sandbox.run("check", "done", "1", "--hour", "5", "--now", "T+3h")
    #expect(future.status == 65)
    #expect(
      future.stderr
        == "Error: round 5 is in the future; valid hours are 0–3 (the current round is 3)\n")
    // One bad reference among good ones writes nothing.
    let mixed = try sandbox.run("check", "done", "1", "2", "nope", "--now", "T+1h")
    #expect(mixed.status == 65)
    #expect(try sandbox.run("timeline", "--json").objects().count == 1)
  }

  @Test func undoKeepsBothEventsAndMakesTheItemDueAgain() throws {
    try sandbox.run("check", "done", "4", "--now", "T+2h10m")
    let undo = try sandbox.run(
      "check", "undo", "4", "--why", "checked the wrong browser", "--now", "T+2h20m", "--as", "lead"
    )
    #expect(undo.status == 0)
    let items = try sandbox.run("check", "--json", "--now", "T+2h30m").objects()
    #expect(items[3]["done_by"] is NSNull)
    #expect(try status("T+2h30m")["done"] as? Int == 0)
    let events = try sandbox.run("timeline", "--json").objects()
    #expect(events.map { $0["kind"] as? String } == ["window.start", "check.done", "check.undo"])
    #expect(events[2]["actor"] as? String == "lead")
    #expect(
      events[2]["text"] as? String
        == "Undid check [console_errors] of round 2 (ticked by oncall): checked the wrong browser")
    let nothing = try sandbox.run("check", "undo", "4", "--why", "again", "--now", "T+2h40m")
    #expect(nothing.status == 65)
    let noReason = try sandbox.run("check", "undo", "4", "--now", "T+2h40m")
    #expect(noReason.status == 64)
  }

  @Test func anIssueFoundByACheckIsShownAndOffersAnIncident() throws {
    let run = try sandbox.run(
      "check", "done", "6", "--issue", "--note", "403 spike on /admin", "--now", "T+1h30m")
    #expect(
      run.stdout.contains(
        "p0watch incident open \"Check 401/403 error patterns\" --severity warning --impact medium")
    )
    let items = try sandbox.run("check", "--json", "--now", "T+1h40m").objects()
    #expect(items[5]["issue"] as? Bool == true)
    #expect(items[5]["note"] as? String == "403 spike on /admin")
    #expect(
      try sandbox.run("check", "--now", "T+1h40m").stdout.contains("⚠ issue: 403 spike on /admin"))
    let events = try sandbox.run("timeline", "--json").objects()
    #expect(
      events.last?["text"] as? String
        == "Checked [auth_error_patterns] Check 401/403 error patterns (round 1) — found an issue: 403 spike on /admin"
    )
  }

  @Test func statusRemindsToCloseAWindowWhoseHoursAreOver() throws {
    let over = try sandbox.run("status", "--now", "T+73h")
    #expect(
      over.stdout.contains(
        "The 72 hours are over: close the window with 'p0watch window close' for the Go/No-Go verdict."
      ))
    #expect(!(try sandbox.run("status", "--now", "T+71h").stdout.contains("hours are over")))
  }

  @Test func aClosedWindowsChecklistCannotChange() throws {
    try sandbox.run("window", "close", "--now", "T+72h")
    let run = try sandbox.run(
      "check", "done", "1", "--hour", "3", "--window", "1", "--now", "T+73h")
    #expect(run.status == 65)
    #expect(run.stderr == "Error: window 1 is closed; it can no longer change\n")
  }
}
