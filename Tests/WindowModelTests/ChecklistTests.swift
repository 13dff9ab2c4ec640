import Testing
import WindowModel

@Suite struct ChecklistTests {
  let runbook: Runbook
  let start = Timestamp(secondsSinceEpoch: 1_762_696_800)

  init() throws { runbook = try Runbook.load(json: Runbook.defaultJSON) }

  func tick(_ id: String, round: Int, undo: Bool = false) -> CheckMark {
    CheckMark(
      item: ChecklistItemID(id), round: round, action: undo ? .undo : .done, at: start,
      actor: "alice")
  }

  @Test(arguments: [(2, "critical", 7), (7, "high", 6), (30, "standard", 5)])
  func theRoundOfAnHourListsItsPhasesItems(hour: Int, phase: String, count: Int) throws {
    let round = try #require(runbook.round(containing: hour))
    #expect(round.number == hour)
    #expect(round.hours == hour..<(hour + 1))
    #expect(round.phase.id == phase)
    #expect(round.items.count == count)
  }

  @Test func phasesHaveOneRoundPerHour() throws {
    #expect(runbook.phases.map { runbook.rounds(of: $0).count } == [6, 18, 48])
  }

  @Test func unTickedItemsOfPastRoundsAreMissed() throws {
    let marks = ["me_assignments", "cookie_flags", "enrollment_success"].map { tick($0, round: 2) }
    let during = ChecklistStatus(runbook: runbook, marks: marks, currentHour: 2)
    let round2 = try #require(runbook.round(containing: 2))
    #expect(during.progress(in: round2) == (due: 7, done: 3))
    #expect(during.missed(in: round2).isEmpty)
    #expect(during.missed.count == 14)  // rounds 0 and 1
    let after = ChecklistStatus(runbook: runbook, marks: marks, currentHour: 3)
    #expect(
      after.missed(in: round2).map(\.item.id.rawValue) == [
        "console_errors", "admin_approval", "auth_error_patterns", "server_health",
      ])
    #expect(after.missed.count == 18)
  }

  @Test func anUndoReopensTheItem() throws {
    let marks = [tick("cookie_flags", round: 1), tick("cookie_flags", round: 1, undo: true)]
    let status = ChecklistStatus(runbook: runbook, marks: marks, currentHour: 1)
    let round = try #require(runbook.round(containing: 1))
    #expect(status.progress(in: round).done == 0)
    let retick = ChecklistStatus(
      runbook: runbook, marks: marks + [tick("cookie_flags", round: 1)], currentHour: 1)
    #expect(retick.progress(in: round).done == 1)
  }

  @Test func aOnceItemIsDueUntilTickedInItsPhaseAndMissedOnlyWhenThePhaseEnds() throws {
    let round30 = try #require(runbook.round(containing: 30))
    let round40 = try #require(runbook.round(containing: 40))
    let untouched = ChecklistStatus(runbook: runbook, marks: [], currentHour: 41)
    #expect(
      untouched.missed(in: round30).map(\.item.id.rawValue) == [
        "aggregate_metrics", "recurring_errors", "performance_trends", "edge_cases",
      ])
    let ticked = ChecklistStatus(
      runbook: runbook, marks: [tick("post_deployment_report", round: 30)], currentHour: 72)
    #expect(ticked.tick(of: round40.items[4], in: round40)?.round == 30)
    #expect(
      ticked.tick(of: round30.items[4], in: try #require(runbook.round(containing: 29))) == nil)
    let standard = runbook.phases[2]
    #expect(!ticked.missed(in: standard).contains { $0.item.cadence == .once })
    #expect(untouched.missed(in: standard).filter { $0.item.cadence == .once }.isEmpty)
    let ended = ChecklistStatus(runbook: runbook, marks: [], currentHour: 72)
    #expect(
      ended.missed(in: standard).filter { $0.item.cadence == .once }.map(\.round.number) == [71])
  }

  @Test func roundsForHoursAndItemsForReferences() throws {
    let status = ChecklistStatus(runbook: runbook, marks: [], currentHour: 3)
    #expect(try status.round(forHour: nil, windowHours: 72).number == 3)
    #expect(try status.round(forHour: 1, windowHours: 72).number == 1)
    #expect(throws: ChecklistError.hourOutsideWindow(80, hours: 72)) {
      try status.round(forHour: 80, windowHours: 72)
    }
    #expect(throws: ChecklistError.futureRound(hour: 5, currentHour: 3)) {
      try status.round(forHour: 5, windowHours: 72)
    }
    let round = try status.round(forHour: nil, windowHours: 72)
    #expect(try status.item("2", in: round).id.rawValue == "cookie_flags")
    #expect(try status.item("server_health", in: round).id.rawValue == "server_health")
    #expect(throws: ChecklistError.self) { try status.item("99", in: round) }
    #expect(throws: ChecklistError.self) { try status.item("navbar_rendering", in: round) }
    let before = ChecklistStatus(runbook: runbook, marks: [], currentHour: nil)
    #expect(throws: ChecklistError.noCurrentRound) {
      try before.round(forHour: nil, windowHours: 72)
    }
  }
}
