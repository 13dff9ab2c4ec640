import Testing
import WindowModel

@Suite struct WindowTests {
  let runbook: Runbook
  let window: Window

  init() throws {
    runbook = try Runbook.load(json: Runbook.defaultJSON)
    let start = try #require(ISO8601.parse("2025-11-09T14:00:00Z"))
    window = Window(
      id: WindowID(rawValue: 1), release: "v2.0.0-p0", startedAt: start, hours: 72, state: .active,
      closedAt: nil, runbookJSON: Runbook.defaultJSON)
  }

  @Test(arguments: [
    ("T+0h", 0, "critical"), ("T+2h30m", 2, "critical"), ("T+5h59m", 5, "critical"),
    ("T+6h", 6, "high"),
    ("T+7h", 7, "high"), ("T+23h59m", 23, "high"), ("T+24h", 24, "standard"),
    ("T+30h", 30, "standard"),
    ("T+71h59m", 71, "standard"),
  ])
  func hourAndPhase(offset: String, hour: Int, phase: String) throws {
    let now = try #require(
      try TimeExpression(parsing: offset).resolve(
        now: window.startedAt, windowStart: window.startedAt))
    #expect(window.position(at: now) == .hour(hour))
    #expect(runbook.phase(containing: hour)?.id == phase)
  }

  @Test func positionsOutsideTheWindow() {
    #expect(
      window.position(at: window.startedAt.adding(.minutes(-90)))
        == .notStarted(startsIn: .minutes(90)))
    #expect(window.position(at: window.startedAt.adding(.hours(72))) == .ended(hoursAgo: 0))
    #expect(window.position(at: window.startedAt.adding(.hours(75))) == .ended(hoursAgo: 3))
    #expect(window.hour(at: window.startedAt.adding(.hours(72))) == nil)
    #expect(window.offset(of: window.startedAt.adding(.hours(25))) == "T+25:00")
  }

  @Test func windowLengthMustHoldThePhases() {
    #expect(throws: WindowRuleError.phasesExceedWindow(hours: 48, phasesEndAt: 72)) {
      try runbook.validateWindowLength(48)
    }
    #expect(throws: Never.self) { try runbook.validateWindowLength(96) }
  }
}
