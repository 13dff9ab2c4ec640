/// Where a page stands: the Escalation policy computes it, reports and JSON name it.
public enum PageState: String, Hashable, Sendable {
  /// Open, deadline not yet passed.
  case waiting
  /// Open, deadline passed.
  case overdue
  /// Answered at or before the deadline.
  case acknowledgedOnTime = "on_time"
  /// Answered after the deadline: a breach.
  case acknowledgedLate = "breached"
  /// Its incident was resolved before anyone answered.
  case closedUnacknowledged = "never_acknowledged"

  /// Whether the page still waits for an answer.
  public var isOpen: Bool { self == .waiting || self == .overdue }
}

/// A page as reports list it: figures computed by the Escalation policy, carried as plain data.
public struct EscalationSummary: Hashable, Sendable {
  /// The escalation's id.
  public var id: EscalationID
  /// The incident paged about.
  public var incidentID: IncidentID
  /// Who was paged.
  public var contact: String
  /// The escalation type.
  public var type: EscalationType
  /// The response SLA.
  public var slaMinutes: Int
  /// When the page went out.
  public var pagedAt: Timestamp
  /// Paged-at plus SLA.
  public var deadline: Timestamp
  /// When it was acknowledged, if it was.
  public var acknowledgedAt: Timestamp?
  /// Where it stands at the report's moment.
  public var state: PageState
  /// How late: overdue minutes now, or the breach in minutes; nil when on time.
  public var minutesLate: Int?
  /// Whether the SLA was breached (acknowledged late, or closed unanswered after the deadline).
  public var breached: Bool

  /// Creates a summary.
  public init(
    id: EscalationID, incidentID: IncidentID, contact: String, type: EscalationType,
    slaMinutes: Int,
    pagedAt: Timestamp, deadline: Timestamp, acknowledgedAt: Timestamp?, state: PageState,
    minutesLate: Int?,
    breached: Bool
  ) {
    self.id = id
    self.incidentID = incidentID
    self.contact = contact
    self.type = type
    self.slaMinutes = slaMinutes
    self.pagedAt = pagedAt
    self.deadline = deadline
    self.acknowledgedAt = acknowledgedAt
    self.state = state
    self.minutesLate = minutesLate
    self.breached = breached
  }
}

/// An incident with the actions taken on it.
public struct IncidentSummary: Hashable, Sendable {
  /// The incident.
  public var incident: Incident
  /// What was done, oldest first.
  public var actions: [String]

  /// Creates a summary.
  public init(incident: Incident, actions: [String]) {
    self.incident = incident
    self.actions = actions
  }

  /// Whether it was open at some moment of `[start, end)`.
  func wasActive(from start: Timestamp, to end: Timestamp) -> Bool {
    incident.openedAt < end && (incident.resolvedAt.map { $0 >= start } ?? true)
  }
}

/// One item of the post-monitoring to-do list.
public struct PostAction: Hashable, Sendable {
  /// Its number in the list (1-based).
  public var number: Int
  /// What to do.
  public var text: String
  /// Who did it, once done.
  public var doneBy: String?
  /// When it was done.
  public var doneAt: Timestamp?
  /// A note left when completing it.
  public var note: String?

  /// Creates an action.
  public init(
    number: Int, text: String, doneBy: String? = nil, doneAt: Timestamp? = nil, note: String? = nil
  ) {
    self.number = number
    self.text = text
    self.doneBy = doneBy
    self.doneAt = doneAt
    self.note = note
  }
}

/// A metric's figure over a span, judged.
public struct MetricLine: Hashable, Sendable {
  /// The metric.
  public var metric: Metric
  /// Its figure over the span; nil without data.
  public var figure: Double?
  /// The figure's status.
  public var status: MetricStatus { metric.status(of: figure) }
}

/// A phase's checklist completion over the rounds that are over.
public struct ChecklistSummary: Hashable, Sendable {
  /// The phase.
  public var phase: Phase
  /// Checks that were due in rounds that are over.
  public var due: Int
  /// Of those, checks ticked.
  public var done: Int
  /// The ones missed, in round order.
  public var missed: [MissedCheck]
}

/// Everything the reports are built from, read from the database in one transaction.
public struct ReportInputs: Sendable {
  /// The window's runbook.
  public var runbook: Runbook
  /// The window.
  public var window: Window
  /// The moment the report describes: the close time of a closed window, else now.
  public var asOf: Timestamp
  /// Every metric's data per hour.
  public var metricData: [MetricID: [Int: HourData]]
  /// The incidents with their actions.
  public var incidents: [IncidentSummary]
  /// The pages.
  public var escalations: [EscalationSummary]
  /// The checklist marks, in recording order.
  public var marks: [CheckMark]
  /// Notes tagged `feedback`.
  public var feedback: [Event]
  /// The post-monitoring to-do list (empty before close).
  public var actions: [PostAction]
  /// The lead's decision, if one was recorded at close.
  public var decision: LeadDecision?

  /// Creates inputs.
  public init(
    runbook: Runbook, window: Window, asOf: Timestamp, metricData: [MetricID: [Int: HourData]],
    incidents: [IncidentSummary], escalations: [EscalationSummary], marks: [CheckMark],
    feedback: [Event],
    actions: [PostAction], decision: LeadDecision?
  ) {
    self.runbook = runbook
    self.window = window
    self.asOf = asOf
    self.metricData = metricData
    self.incidents = incidents
    self.escalations = escalations
    self.marks = marks
    self.feedback = feedback
    self.actions = actions
    self.decision = decision
  }

  /// Each metric judged over window hours `hours`.
  func lines(_ metrics: [Metric], over hours: Range<Int>? = nil) -> [MetricLine] {
    metrics.map {
      MetricLine(
        metric: $0,
        figure: MetricSeries(metric: $0, hours: metricData[$0.id] ?? [:]).figure(over: hours))
    }
  }

  /// The checklist as of `asOf`.
  var checklist: ChecklistStatus {
    ChecklistStatus(runbook: runbook, marks: marks, currentHour: window.checklistHour(at: asOf))
  }

  /// Completion per phase over the rounds of `hours` that are over.
  func checklistSummaries(within hours: Range<Int>? = nil) -> [ChecklistSummary] {
    let status = checklist
    return runbook.phases.compactMap { phase in
      let rounds = runbook.rounds(of: phase).filter {
        status.isPast($0) && (hours?.contains($0.number) ?? true)
      }
      guard !rounds.isEmpty else { return nil }
      let recurring = phase.items.filter { $0.cadence == .round }.count
      let phaseOver = rounds.contains { $0.hours.upperBound == phase.hours.upperBound }
      let due = rounds.count * recurring + (phaseOver ? phase.items.count - recurring : 0)
      let missed = rounds.flatMap { status.missed(in: $0) }
      return ChecklistSummary(phase: phase, due: due, done: due - missed.count, missed: missed)
    }
  }

  /// The computed verdict over the whole window.
  public var verdict: Verdict {
    var figures: [MetricID: Double] = [:]
    for line in lines(runbook.metrics) {
      if let figure = line.figure { figures[line.metric.id] = figure }
    }
    return runbook.verdict(figures: figures, incidents: incidents.map(\.incident))
  }
}

/// How a day went, as the Daily Report's header says it.
public enum DailyStatus: String, Hashable, Sendable {
  case healthy
  case warning
  case critical

  /// 🟢 Healthy, 🟡 Warning, 🔴 Critical.
  public var label: String {
    switch self {
    case .healthy: return "🟢 Healthy"
    case .warning: return "🟡 Warning"
    case .critical: return "🔴 Critical"
    }
  }
}

/// The seed's Daily Report Template, filled.
public struct DailyReport: Sendable {
  /// Day 1, 2 or 3.
  public var day: Int
  /// When the day starts (T+24(day-1)h).
  public var periodStart: Timestamp
  /// When it ends.
  public var periodEnd: Timestamp
  /// Whether the day is still running at `asOf`.
  public var inProgress: Bool
  /// 🟢 / 🟡 / 🔴.
  public var status: DailyStatus
  /// The runbook's daily metrics over the day.
  public var metrics: [MetricLine]
  /// Incidents open at some moment of the day.
  public var incidents: [IncidentSummary]
  /// Notes tagged `feedback` during the day.
  public var feedback: [Event]
  /// Checklist completion of the day's rounds that are over.
  public var checklist: [ChecklistSummary]
  /// Pages sent during the day.
  public var escalations: [EscalationSummary]
  /// Priorities for the next 24 hours.
  public var nextFocus: [String]
}

/// The seed's 72h Final Report, filled.
public struct FinalReport: Sendable {
  /// Whether the window is still open (the report is a preview).
  public var preview: Bool
  /// The window's start.
  public var periodStart: Timestamp
  /// Its end: the close time, or the planned end for a preview.
  public var periodEnd: Timestamp
  /// The computed verdict.
  public var verdict: Verdict
  /// The lead's decision, if any.
  public var decision: LeadDecision?
  /// The recommendation in force: the lead's decision when there is one, else the computed one.
  public var recommendation: Recommendation { decision?.decision ?? verdict.recommendation }
  /// The success metrics over the window.
  public var metrics: [MetricLine]
  /// Every incident of the window.
  public var incidents: [IncidentSummary]
  /// Every page of the window.
  public var escalations: [EscalationSummary]
  /// Completion per phase.
  public var checklist: [ChecklistSummary]
  /// The post-monitoring to-do list.
  public var actions: [PostAction]
  /// Two or three sentences on the outcome, generated from the data.
  public var executiveSummary: String
}

extension ReportInputs {
  /// The number of report days (3 for 72 hours).
  public var dayCount: Int { max(1, (window.hours + 23) / 24) }

  /// The day `asOf` falls in, clamped to the window's days.
  public var currentDay: Int {
    let hour = window.checklistHour(at: asOf) ?? 0
    return min(dayCount, max(1, hour / 24 + 1))
  }

  /// The Daily Report of day `day` (1-based).
  public func daily(day: Int) -> DailyReport {
    let startHour = (day - 1) * 24
    let hours = startHour..<min(window.hours, startHour + 24)
    let start = window.startedAt.adding(.hours(hours.lowerBound))
    let end = window.startedAt.adding(.hours(hours.upperBound))
    let dailyMetrics = runbook.dailyReportMetrics.compactMap { runbook.metric($0) }
    let metrics = lines(dailyMetrics, over: hours)
    let allMetrics = lines(runbook.metrics, over: hours)
    let dayIncidents = incidents.filter {
      $0.wasActive(from: start, to: end) && $0.incident.openedAt <= asOf
    }
    let unresolvedCritical = dayIncidents.contains {
      $0.incident.severity == .critical && ($0.incident.resolvedAt.map { $0 > end } ?? true)
    }
    let successLines = allMetrics.filter(\.metric.isSuccessMetric)
    let status: DailyStatus
    if unresolvedCritical || successLines.contains(where: { $0.status == .alert }) {
      status = .critical
    } else if !dayIncidents.isEmpty || successLines.contains(where: { $0.status == .warn }) {
      status = .warning
    } else {
      status = .healthy
    }
    var focus: [String] = []
    for summary in incidents
    where summary.incident.isUnresolved && summary.incident.openedAt <= asOf {
      let incident = summary.incident
      focus.append(
        "Resolve \(incident.severity.rawValue) incident \(incident.id) (\(incident.status.rawValue)): \(incident.title)"
      )
    }
    for line in allMetrics where line.status == .warn || line.status == .alert {
      if let figure = line.figure {
        focus.append(
          "Bring \(line.metric.id) back on target: \(line.metric.format(figure)) today, target \(line.metric.target) (\(line.metric.action))"
        )
      }
    }
    let checklist = checklistSummaries(within: hours)
    let missed = checklist.reduce(0) { $0 + $1.missed.count }
    if missed > 0 {
      focus.append("Keep up with the hourly checklist: \(missed) checks were missed today")
    }
    if hours.upperBound < window.hours, let next = runbook.phase(containing: hours.upperBound) {
      let items = next.items.map(\.text).joined(separator: "; ")
      focus.append(
        "Next: \(next.name) phase (hours \(next.hours.lowerBound)–\(next.hours.upperBound)): \(items)"
      )
    } else {
      focus.append(
        "Close the window at T+\(window.hours)h with the Final Report and the Go/No-Go call")
    }
    return DailyReport(
      day: day, periodStart: start, periodEnd: end, inProgress: asOf < end, status: status,
      metrics: metrics,
      incidents: dayIncidents,
      feedback: feedback.filter { $0.content.at >= start && $0.content.at < end },
      checklist: checklist,
      escalations: escalations.filter { $0.pagedAt >= start && $0.pagedAt < end },
      nextFocus: focus)
  }

  /// The 72h Final Report (a preview while the window is open).
  public func final() -> FinalReport {
    let verdict = self.verdict
    let metrics = lines(runbook.metrics.filter(\.isSuccessMetric))
    let met = metrics.filter { $0.status == .ok }.count
    let critical = incidents.filter { $0.incident.severity == .critical }.count
    let warning = incidents.filter { $0.incident.severity == .warning }.count
    let resolved = incidents.filter { !$0.incident.isUnresolved }.count
    let onTime = escalations.filter { $0.state == .acknowledgedOnTime }.count
    let end = window.closedAt ?? window.endsAt
    let watchedUntil = window.closedAt ?? min(asOf, window.endsAt)
    let elapsed = max(
      0, min(window.hours, Int(watchedUntil.duration(since: window.startedAt).seconds / 3_600)))
    var summary =
      "Release \(window.release) was monitored for \(elapsed) of \(window.hours) hours from "
      + "\(window.startedAt.dateString) \(window.startedAt.timeOfDayString) UTC. "
      + "\(met) of \(metrics.count) success metrics met their targets; \(critical) critical and \(warning) "
      + "warning incidents were opened and \(resolved) resolved; "
      + (escalations.isEmpty
        ? "nobody had to be paged. "
        : "\(onTime) of \(escalations.count) escalations were acknowledged within their SLA. ")
    if let decision, decision.decision != verdict.recommendation {
      summary +=
        "The computed recommendation is \(verdict.recommendation.label) (\(verdict.status.label)); "
        + "the lead decided \(decision.decision.label): \(decision.why)"
    } else {
      summary += "Recommendation: \(verdict.recommendation.label) (\(verdict.status.label))."
    }
    return FinalReport(
      preview: window.state == .active, periodStart: window.startedAt, periodEnd: end,
      verdict: verdict,
      decision: decision, metrics: metrics, incidents: incidents, escalations: escalations,
      checklist: checklistSummaries(), actions: actions, executiveSummary: summary)
  }
}

extension Threshold {
  /// The seed reports' compact form: `≥99.5%`, `<200ms`, `0`.
  public func compact(unit: MetricUnit) -> String {
    let value = formatNumber(self.value) + unit.symbol
    switch comparator {
    case .greaterOrEqual: return "≥" + value
    case .lessOrEqual: return "≤" + value
    case .greater: return ">" + value
    case .less: return "<" + value
    case .equal: return value
    }
  }
}
