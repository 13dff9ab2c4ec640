import Foundation
import Testing

@Suite struct IncidentCommandTests {
  let sandbox: Sandbox
  init() throws {
    sandbox = try Sandbox()
    try sandbox.startWindow()
  }

  func escalations(_ arguments: String...) throws -> (Int32, [[String: Any]]) {
    let run = try sandbox.run(arguments: ["escalations", "--json"] + arguments)
    return (run.status, try run.objects())
  }

  @Test func aCriticalIncidentIsPagedAtOnceAndGoesOverdueAfterFifteenMinutes() throws {
    let opened = try sandbox.run(
      "incident", "open", "/me returns 500", "--severity", "critical", "--impact", "high", "--now",
      "T+1h", "--json")
    #expect(opened.status == 0)
    let incident = try opened.object()
    #expect(incident["id"] as? Int == 1)
    #expect(incident["status"] as? String == "open")
    #expect(incident["type"] as? String == "critical")
    #expect(incident["opened_at"] as? String == "2025-11-09T15:00:00Z")
    let pages = try #require(incident["escalations"] as? [[String: Any]])
    #expect(pages.count == 1)
    #expect(pages[0]["contact"] as? String == "Platform Team Lead")
    #expect(pages[0]["deadline"] as? String == "2025-11-09T15:15:00Z")

    let (onTime, none) = try escalations("--overdue", "--now", "T+1h15m")
    #expect(onTime == 0)
    #expect(none.isEmpty)
    let (status, overdue) = try escalations("--overdue", "--now", "T+1h20m")
    #expect(status == 1)
    #expect(overdue.count == 1)
    #expect(overdue[0]["id"] as? Int == 1)
    #expect(overdue[0]["incident_id"] as? Int == 1)
    #expect(overdue[0]["type"] as? String == "critical")
    #expect(overdue[0]["sla_minutes"] as? Int == 15)
    #expect(overdue[0]["paged_at"] as? String == "2025-11-09T15:00:00Z")
    #expect(overdue[0]["acknowledged_at"] is NSNull)
    #expect(overdue[0]["overdue"] as? Bool == true)
    #expect(overdue[0]["minutes_late"] as? Int == 5)
    #expect(overdue[0]["breached"] as? Bool == false)
    let dashboard = try sandbox.run("status", "--now", "T+1h20m")
    #expect(
      dashboard.stdout.hasPrefix(
        "OVERDUE escalation 1: Platform Team Lead has not acknowledged incident 1 \"/me returns 500\" — 5 min late (p0watch ack 1)\n"
      ))
    let json = try sandbox.run("status", "--json", "--now", "T+1h20m").object()
    #expect(json["overdue_escalations"] as? Int == 1)
    #expect(json["open_incidents"] as? Int == 1)

    let ack = try sandbox.run("ack", "1", "--now", "T+1h22m", "--as", "lead")
    #expect(ack.status == 0)
    #expect(
      ack.stdout == "Escalation 1 acknowledged by lead at T+01:22, 7 min late: SLA breached.\n")
    let (after, empty) = try escalations("--overdue", "--now", "T+1h30m")
    #expect(after == 0)
    #expect(empty.isEmpty)
    let (_, all) = try escalations("--all", "--now", "T+1h30m")
    #expect(all.count == 1)
    #expect(all[0]["acknowledged_at"] as? String == "2025-11-09T15:22:00Z")
    #expect(all[0]["breached"] as? Bool == true)
    #expect(all[0]["minutes_late"] as? Int == 7)
    #expect(all[0]["overdue"] as? Bool == false)
  }

  @Test func securityAndInfrastructureSLAs() throws {
    try sandbox.run(
      "incident", "open", "login failures", "--severity", "warning", "--impact", "medium", "--type",
      "security", "--now", "T+2h")
    let paged = try sandbox.run("escalate", "1", "--now", "T+2h")
    #expect(
      paged.stdout
        == "Paged Security Team (security) as escalation 1: acknowledge within 30 min, by 2025-11-09T16:30:00Z (T+02:30) — p0watch ack 1\n"
    )
    #expect(try sandbox.run("ack", "1", "--now", "T+2h30m").status == 0)
    let (_, security) = try escalations("--all", "--now", "T+3h")
    #expect(security[0]["breached"] as? Bool == false)
    #expect(security[0]["minutes_late"] is NSNull)

    try sandbox.run(
      "incident", "open", "disk filling", "--severity", "warning", "--impact", "low", "--type",
      "infrastructure", "--now", "T+3h")
    try sandbox.run("escalate", "2", "--now", "T+3h")
    let (notYet, _) = try escalations("--overdue", "--now", "T+3h59m")
    #expect(notYet == 0)
    let (late, overdue) = try escalations("--overdue", "--now", "T+4h01m")
    #expect(late == 1)
    #expect(overdue.map { $0["contact"] as? String } == ["DevOps Team"])
    #expect(overdue[0]["minutes_late"] as? Int == 1)
  }

  @Test func rePagingAnOpenEscalationSaysSoInsteadOfDuplicating() throws {
    try sandbox.run(
      "incident", "open", "5xx spike", "--severity", "critical", "--impact", "high", "--now", "T+1h"
    )
    let again = try sandbox.run("escalate", "1", "--now", "T+1h05m")
    #expect(again.status == 0)
    #expect(
      again.stdout
        == "Escalation 1 already paged Platform Team Lead at T+01:00 and is still waiting (due by T+01:15); not paged again.\n"
    )
    let (_, all) = try escalations("--all", "--now", "T+1h05m")
    #expect(all.count == 1)
  }

  @Test func resolvingAndReopeningKeepsEveryTransition() throws {
    try sandbox.run(
      "incident", "open", "enrollment 409s", "--severity", "warning", "--impact", "medium",
      "--metric", "enrollment_conflict_rate", "--now", "T+1h")
    #expect(
      try sandbox.run(
        "incident", "update", "1", "--status", "monitoring", "--action", "added dedupe", "--now",
        "T+2h"
      ).status == 0)
    #expect(
      try sandbox.run(
        "incident", "resolve", "1", "--action", "fixed double submit", "--now", "T+3h"
      ).status == 0)
    #expect(
      try sandbox.run(
        "incident", "update", "1", "--status", "open", "--note", "recurred", "--now", "T+4h"
      ).status == 0)
    let shown = try sandbox.run("incident", "show", "1", "--json", "--now", "T+5h").object()
    #expect(shown["status"] as? String == "open")
    #expect(shown["resolved_at"] is NSNull)
    #expect(shown["actions"] as? [String] == ["added dedupe", "fixed double submit"])
    let timeline = try #require(shown["timeline"] as? [[String: Any]])
    #expect(
      timeline.map { $0["text"] as? String } == [
        "Opened incident 1 (warning, medium impact): enrollment 409s [metric enrollment_conflict_rate]",
        "added dedupe",
        "Incident 1 moved from open to monitoring",
        "fixed double submit",
        "Incident 1 resolved",
        "recurred",
        "Incident 1 reopened as open",
      ])
    #expect(
      timeline.map { $0["offset"] as? String } == [
        "T+01:00", "T+02:00", "T+02:00", "T+03:00", "T+03:00", "T+04:00", "T+04:00",
      ])
    let filtered = try sandbox.run("timeline", "--incident", "1", "--json").objects()
    #expect(filtered.count == 7)
    let list = try sandbox.run("incident", "list", "--status", "open", "--json").objects()
    #expect(list.map { $0["id"] as? Int } == [1])
  }

  @Test func resolvingClosesUnansweredPagesWhichStopBeingOverdue() throws {
    try sandbox.run(
      "incident", "open", "dashboard down", "--alert", "dashboard_inaccessible", "--impact", "high",
      "--now", "T+1h")
    let (_, before) = try escalations("--overdue", "--now", "T+1h30m")
    #expect(before.count == 1)
    try sandbox.run("incident", "resolve", "1", "--action", "fixed RoleGuard", "--now", "T+1h40m")
    let (status, after) = try escalations("--overdue", "--now", "T+2h")
    #expect(status == 0)
    #expect(after.isEmpty)
    let (_, all) = try escalations("--all", "--now", "T+2h")
    #expect(all[0]["state"] as? String == "never_acknowledged")
    #expect(all[0]["breached"] as? Bool == true)
    #expect(all[0]["minutes_late"] as? Int == 25)
    #expect(all[0]["closed_at"] as? String == "2025-11-09T15:40:00Z")
  }

  @Test func aManualAlertOpensWithItsSeverityAndShowsItsTroubleshooting() throws {
    let opened = try sandbox.run(
      "incident", "open", "approved users see Access Denied", "--alert", "dashboard_inaccessible",
      "--impact", "high", "--now", "T+1h")
    #expect(
      opened.stdout.contains(
        "Troubleshooting: Dashboard shows \"Access Denied\" for approved users"))
    let shown = try sandbox.run("incident", "show", "1", "--now", "T+1h05m")
    #expect(shown.stdout.contains("Incident 1 · critical · high impact · open"))
    #expect(
      shown.stdout.contains(
        "  alert     dashboard_inaccessible — Dashboard inaccessible: Verify RoleGuard, check assignments[]"
      ))
    #expect(shown.stdout.contains("    1. Approval didn't create role_assignment record"))
    #expect(shown.stdout.contains("fetch('/auth/cookie/me', { credentials: 'include' })"))
  }

  @Test(
    arguments: [
      (
        ["incident", "open", "x", "--severity", "major", "--impact", "high"],
        "Error: invalid --severity \"major\"; valid values: critical, warning\n"
      ),
      (
        ["incident", "open", "x", "--severity", "critical", "--impact", "huge"],
        "Error: invalid --impact \"huge\"; valid values: low, medium, high\n"
      ),
      (
        ["incident", "open", "x", "--severity", "warning", "--impact", "low", "--type", "legal"],
        "Error: unknown escalation type \"legal\"; valid types: critical, security, database, infrastructure\n"
      ),
      (
        ["incident", "open", "x", "--severity", "warning", "--impact", "low", "--metric", "cpu"],
        "Error: unknown metric \"cpu\"; valid: me_success_rate, login_success_rate, enrollment_created_rate, enrollment_conflict_rate, admin_approval_success_rate, me_response_time_ms, console_errors_per_hour, server_error_rate, validation_error_rate, rate_limited_requests, admin_approval_failures\n"
      ),
      (
        ["incident", "show", "9"],
        "Error: no incident \"9\" in window 1; no incident has been opened\n"
      ),
      (["ack", "4"], "Error: no escalation \"4\" in window 1; nothing has been paged\n"),
      (["escalate", "2"], "Error: no incident \"2\" in window 1; no incident has been opened\n"),
    ] as [([String], String)])
  func badIdsTypesAndSeveritiesExit65NamingTheValidValuesAndWriteNothing(
    arguments: [String], stderr: String
  ) throws {
    let run = try sandbox.run(arguments: arguments + ["--now", "T+1h"])
    #expect(run.status == 65)
    #expect(run.stderr == stderr)
    #expect(try sandbox.run("timeline", "--json").objects().count == 1)
  }

  @Test func aReopenedCriticalIncidentIsPagedAgain() throws {
    try sandbox.run(
      "incident", "open", "5xx", "--severity", "critical", "--impact", "high", "--now", "T+1h")
    try sandbox.run("ack", "1", "--now", "T+1h05m")
    try sandbox.run("incident", "resolve", "1", "--action", "restarted", "--now", "T+2h")
    try sandbox.run("incident", "update", "1", "--status", "open", "--now", "T+3h")
    let (_, open) = try escalations("--now", "T+3h05m")
    #expect(open.map { $0["id"] as? Int } == [2])
    #expect(open[0]["paged_at"] as? String == "2025-11-09T17:00:00Z")
  }
}
