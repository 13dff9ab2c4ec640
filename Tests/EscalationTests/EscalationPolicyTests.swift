import Escalation
import Testing
import WindowModel

@Suite struct EscalationPolicyTests {
  let policy: EscalationPolicy
  let start = Timestamp(secondsSinceEpoch: 1_762_696_800)  // T = 2025-11-09T14:00:00Z

  init() throws {
    policy = EscalationPolicy(runbook: try Runbook.load(json: Runbook.defaultJSON))
  }

  func at(_ offset: String) throws -> Timestamp {
    try #require(try TimeExpression(parsing: offset).resolve(now: start, windowStart: start))
  }

  @Test(arguments: [
    ("critical", "Platform Team Lead", 15), ("security", "Security Team", 30),
    ("database", "DBA On-Call", 30), ("infrastructure", "DevOps Team", 60),
  ])
  func routesEachTypeToItsContact(type: String, contact: String, minutes: Int) throws {
    let found = try policy.contact(for: EscalationType(type))
    #expect(found.contact == contact)
    #expect(found.responseMinutes == minutes)
  }

  @Test func anUnknownTypeNamesTheValidOnes() {
    #expect(throws: EscalationError.unknownType(EscalationType("legal"), valid: policy.types)) {
      try policy.contact(for: EscalationType("legal"))
    }
    #expect(
      EscalationError.unknownType(EscalationType("legal"), valid: policy.types).description
        == "unknown escalation type \"legal\"; valid types: critical, security, database, infrastructure"
    )
  }

  @Test func routingPrefersTheRequestThenTheConditionThenSeverity() throws {
    let runbook = try Runbook.load(json: Runbook.defaultJSON)
    let login = try #require(
      runbook.alertConditions.first { $0.id.rawValue == "login_failures_critical" })
    #expect(
      try policy.route(severity: .critical, requested: nil, condition: nil).type.rawValue
        == "critical")
    #expect(
      try policy.route(severity: .critical, requested: nil, condition: login).type.rawValue
        == "security")
    #expect(
      try policy.route(severity: .critical, requested: EscalationType("database"), condition: login)
        .type.rawValue
        == "database")
  }

  @Test func aCriticalPageAtOneHourIsDueAtOneHourFifteen() throws {
    let page = policy.page(try policy.contact(for: EscalationType("critical")), at: try at("T+1h"))
    #expect(page.deadline == (try at("T+1h15m")))
    #expect(!page.isOverdue(at: try at("T+1h15m")))
    #expect(page.isOverdue(at: try at("T+1h15m").adding(Duration(seconds: 1))))
    #expect(page.minutesLate(at: try at("T+1h20m")) == 5)
    #expect(page.minutesLate(at: try at("T+1h10m")) == nil)
    #expect(page.state(at: try at("T+1h20m")) == .overdue)
  }

  @Test func acknowledgedAtTheDeadlineIsOnTimeAndOneSecondLaterIsABreach() throws {
    var page = policy.page(try policy.contact(for: EscalationType("critical")), at: try at("T+1h"))
    page.acknowledgedAt = try at("T+1h15m")
    #expect(page.breach == nil)
    #expect(page.state(at: try at("T+2h")) == .acknowledgedOnTime)
    page.acknowledgedAt = try at("T+1h15m").adding(Duration(seconds: 1))
    #expect(page.breach == Duration(seconds: 1))
    #expect(page.breachMinutes == 1)
    #expect(page.state(at: try at("T+2h")) == .acknowledgedLate)
    page.acknowledgedAt = try at("T+1h22m")
    #expect(page.breachMinutes == 7)
    #expect(!page.isOverdue(at: try at("T+3h")))
  }

  @Test func securityAndInfrastructureClocks() throws {
    var security = policy.page(
      try policy.contact(for: EscalationType("security")), at: try at("T+2h"))
    security.acknowledgedAt = try at("T+2h30m")
    #expect(security.breach == nil)
    let infrastructure = policy.page(
      try policy.contact(for: EscalationType("infrastructure")), at: try at("T+3h"))
    #expect(!infrastructure.isOverdue(at: try at("T+3h59m")))
    #expect(infrastructure.isOverdue(at: try at("T+4h1m")))
    #expect(infrastructure.minutesLate(at: try at("T+4h1m")) == 1)
    #expect(infrastructure.isDueSoon(at: try at("T+3h56m"), within: .minutes(5)))
    #expect(!infrastructure.isDueSoon(at: try at("T+3h50m"), within: .minutes(5)))
  }

  @Test func closingUnacknowledgedStopsTheClockAndCountsABreachWhenLate() throws {
    var page = policy.page(try policy.contact(for: EscalationType("critical")), at: try at("T+1h"))
    page.closedAt = try at("T+1h10m")
    #expect(!page.isOverdue(at: try at("T+5h")))
    #expect(page.breach == nil)
    #expect(page.state(at: try at("T+5h")) == .closedUnacknowledged)
    page.closedAt = try at("T+1h45m")
    #expect(page.breachMinutes == 30)
  }

  @Test func onlyCriticalIncidentsArePagedOnOpenAndOnReopen() {
    #expect(policy.pagesOnOpen(.critical))
    #expect(!policy.pagesOnOpen(.warning))
    #expect(policy.pagesOnReopen(from: .resolved, to: .open, severity: .critical))
    #expect(!policy.pagesOnReopen(from: .resolved, to: .open, severity: .warning))
    #expect(!policy.pagesOnReopen(from: .open, to: .monitoring, severity: .critical))
  }

  @Test func reviewOrderPutsTheMostOverdueFirst() throws {
    let critical = try policy.contact(for: EscalationType("critical"))
    let infrastructure = try policy.contact(for: EscalationType("infrastructure"))
    let pages = [
      policy.page(infrastructure, at: try at("T+1h")),  // due T+2h: 1h late at T+3h
      policy.page(critical, at: try at("T+2h30m")),  // due T+2h45m: 15 min late
      policy.page(critical, at: try at("T+2h55m")),  // due T+3h10m: open, not late
      policy.page(critical, at: try at("T+0h")),  // due T+0h15m: 2h45m late
    ]
    let now = try at("T+3h")
    let order = pages.inReviewOrder(at: now) { $0 }
    #expect(order.map { $0.minutesLate(at: now) } == [165, 60, 15, nil])
  }
}
