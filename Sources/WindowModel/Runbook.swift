/// Everything the seed runbook says, as data: what a window checks, measures, pages and reports.
///
/// A runbook is read from `runbook.json` (see `docs/runbook-format.md`) and validated as a whole
/// by `Runbook.load(json:)`; a value of this type is always valid, so rules can rely on its
/// cross-references (every alert rule names a known metric, every phase lies in the window).
public struct Runbook: Hashable, Sendable {
  /// The format version of the document; this build reads format 1.
  public var format: Int
  /// The runbook's own title.
  public var title: String
  /// The heading reports start with, e.g. "P0 Monitoring".
  public var reportTitle: String
  /// The release being watched.
  public var release: Release
  /// Success metrics and the supporting ones alert conditions use, in document order.
  public var metrics: [Metric]
  /// Conditions that open incidents, critical ones first as in the seed.
  public var alertConditions: [AlertCondition]
  /// Checklist phases in window order; together they cover the window without gap or overlap.
  public var phases: [Phase]
  /// Who is paged for each escalation type, and how fast they must answer.
  public var escalationContacts: [EscalationContact]
  /// The to-do lists a closed window produces.
  public var postMonitoringActions: PostMonitoringActions
  /// Known problems with symptoms, diagnosis, causes and resolution.
  public var troubleshooting: [TroubleshootingEntry]
  /// Where data comes from and what to look for (the seed's "Data Collection Points").
  public var dataCollection: [DataCollectionPoint]
  /// Which metrics the daily report's summary shows, in order.
  public var dailyReportMetrics: [MetricID]

  /// The metric with `id`, if the runbook defines it.
  public func metric(_ id: MetricID) -> Metric? { metrics.first { $0.id == id } }

  /// The checklist phase containing window hour `hour`, if any.
  public func phase(containing hour: Int) -> Phase? {
    phases.first { $0.hours.contains(hour) }
  }

  /// The contact paged for an escalation type, if the runbook defines one.
  public func contact(for type: EscalationType) -> EscalationContact? {
    escalationContacts.first { $0.type == type }
  }
}

/// The release a runbook watches.
public struct Release: Hashable, Sendable {
  /// The release's name, e.g. "P0 User Refactor".
  public var name: String
  /// The version string, e.g. "v2.0.0-p0"; a window's release defaults to it.
  public var version: String
  /// The release date as written (YYYY-MM-DD).
  public var date: String
  /// When the runbook was last updated (YYYY-MM-DD).
  public var lastUpdated: String?
  /// The responsible team.
  public var owner: String
  /// The length of the monitoring window in hours (72 in the seed).
  public var monitoringHours: Int
  /// The deployed components and where they live.
  public var components: [Component]
  /// What changed in this release.
  public var changes: [String]
  /// What the monitoring covers.
  public var monitoringScope: [ScopeArea]
  /// Who owns the document and when it is reviewed next.
  public var review: Review?

  /// Stands in for a release section that could not be read, so the rest can be validated.
  static let placeholder = Release(
    name: "", version: "", date: "", lastUpdated: nil, owner: "", monitoringHours: 72,
    components: [],
    changes: [], monitoringScope: [], review: nil)

  /// A deployed component.
  public struct Component: Hashable, Sendable {
    /// Its name, e.g. "API Server".
    public var name: String
    /// Its URL.
    public var url: String
  }

  /// One area of the monitoring scope.
  public struct ScopeArea: Hashable, Sendable {
    /// The area, e.g. "Authentication Flow".
    public var area: String
    /// What is watched there.
    public var description: String
  }

  /// The runbook's own review cadence.
  public struct Review: Hashable, Sendable {
    /// The document's owner.
    public var documentOwner: String
    /// How often it is reviewed.
    public var frequency: String
    /// The next review date (YYYY-MM-DD).
    public var nextReview: String
  }
}

/// A measured quantity with a target, an alert threshold and what to do when it is off.
public struct Metric: Hashable, Sendable {
  /// Stable identifier used on the command line and in JSON.
  public var id: MetricID
  /// The seed's category column, e.g. "Authentication".
  public var category: String
  /// The full name, e.g. "/auth/cookie/me success rate".
  public var name: String
  /// The label reports use, e.g. "/me success rate".
  public var shortName: String
  /// The baseline as the runbook states it ("98%", "< 0.1%"), if any.
  public var baseline: String?
  /// What a healthy reading meets.
  public var target: Threshold
  /// Crossing this is an alert.
  public var alertThreshold: Threshold
  /// What readings are measured in.
  public var unit: MetricUnit
  /// What to do when the metric is off.
  public var action: String
  /// Whether it is one of the seed's success metrics (judged by the Go/No-Go rule).
  public var isSuccessMetric: Bool
  /// How one hour's readings combine into the hour's figure.
  public var hourFigure: Aggregation
  /// How the window's hours combine into the window's figure.
  public var windowFigure: Aggregation
  /// Which requests of an access log measure it; nil when readings are entered by hand.
  public var source: RequestSelector?
}

/// A comparator and a number, e.g. `>= 99.5`.
public struct Threshold: Hashable, Sendable, CustomStringConvertible {
  /// How a value is compared.
  public var comparator: Comparator
  /// The number compared against.
  public var value: Double

  /// Creates a threshold.
  public init(_ comparator: Comparator, _ value: Double) {
    self.comparator = comparator
    self.value = value
  }

  /// Parses `>= 99.5`, `<0.1`, `== 0`.
  /// - Returns: nil unless the text is a comparator followed by a finite number.
  public init?(parsing text: String) {
    let trimmed = text.trimmingSpaces
    for comparator in [Comparator.lessOrEqual, .greaterOrEqual, .equal, .less, .greater]
    where trimmed.hasPrefix(comparator.rawValue) {
      let rest = String(trimmed.dropFirst(comparator.rawValue.count)).trimmingSpaces
      guard let value = Double(rest), value.isFinite, !rest.contains(where: { $0.isLetter }) else {
        return nil
      }
      self.init(comparator, value)
      return
    }
    return nil
  }

  /// Whether `value` satisfies this threshold.
  public func isMet(by value: Double) -> Bool { comparator.compare(value, self.value) }

  /// `>= 99.5`
  public var description: String { "\(comparator.rawValue) \(formatNumber(value))" }
}

/// A comparison operator of a threshold or alert rule.
public enum Comparator: String, Hashable, Sendable, CaseIterable {
  case less = "<"
  case lessOrEqual = "<="
  case greater = ">"
  case greaterOrEqual = ">="
  case equal = "=="

  /// Whether `lhs <op> rhs` holds.
  public func compare(_ lhs: Double, _ rhs: Double) -> Bool {
    switch self {
    case .less: return lhs < rhs
    case .lessOrEqual: return lhs <= rhs
    case .greater: return lhs > rhs
    case .greaterOrEqual: return lhs >= rhs
    case .equal: return lhs == rhs
    }
  }
}

/// What a metric's readings are measured in; decides which values are acceptable.
public enum MetricUnit: String, Hashable, Sendable, CaseIterable {
  /// A percentage, 0–100.
  case percent
  /// Milliseconds, non-negative.
  case ms
  /// A whole, non-negative count.
  case count

  /// The suffix printed after a value: `%`, `ms`, or nothing.
  public var symbol: String {
    switch self {
    case .percent: return "%"
    case .ms: return "ms"
    case .count: return ""
    }
  }
}

/// How values combine into one figure.
public enum Aggregation: String, Hashable, Sendable, CaseIterable {
  /// Total good over total requests (request rates); never a mean of percentages.
  case ratio
  /// The 95th percentile of response times.
  case p95
  /// The sum (counts per hour).
  case sum
  /// The largest value.
  case max
  /// The arithmetic mean.
  case mean
  /// The most recent value.
  case latest
}

/// Which access-log requests measure a metric, and how.
public struct RequestSelector: Hashable, Sendable {
  /// The HTTP method, or nil for any method.
  public var method: String?
  /// The path pattern (`/admin/enrollments/:id/approve`), or nil for any path.
  public var path: PathPattern?
  /// What is computed over the selected requests.
  public var measure: Measure
  /// The statuses counted (for `share` and `count`).
  public var statuses: [StatusPattern]

  /// What a selector computes.
  public enum Measure: String, Hashable, Sendable, CaseIterable {
    /// The percentage of selected requests whose status matches.
    case share
    /// The number of selected requests whose status matches.
    case count
    /// The 95th percentile of `$request_time`, in milliseconds.
    case p95RequestTime = "p95_request_time"
  }
}

/// A request path with `:name` segments that match any one segment.
public struct PathPattern: Hashable, Sendable, CustomStringConvertible {
  /// The segments; a segment starting with `:` matches any non-empty segment.
  public var segments: [String]

  /// Parses `/admin/enrollments/:id/approve`; nil unless it starts with `/`.
  public init?(_ text: String) {
    guard text.hasPrefix("/"), !text.contains("?"), !text.contains(" ") else { return nil }
    segments = text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(
      String.init)
  }

  /// Whether a request path (without its query string) matches, segment by segment.
  public func matches(_ path: String) -> Bool {
    guard path.hasPrefix("/") else { return false }
    let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    guard parts.count == segments.count else { return false }
    return zip(segments, parts).allSatisfy { pattern, part in
      pattern.hasPrefix(":") ? !part.isEmpty : pattern == part
    }
  }

  /// The pattern as written, e.g. `/admin/enrollments/:id/approve`.
  public var description: String { "/" + segments.joined(separator: "/") }
}

/// An HTTP status or a class of them: `201`, `2xx`.
public struct StatusPattern: Hashable, Sendable, CustomStringConvertible {
  /// The lowest status matched.
  public var lower: Int
  /// The highest status matched.
  public var upper: Int

  /// Parses `201` or `2xx`; nil otherwise.
  public init?(_ text: String) {
    let chars = Array(text)
    guard chars.count == 3, let first = chars[0].wholeNumberValue, (1...5).contains(first) else {
      return nil
    }
    if chars[1] == "x", chars[2] == "x" {
      lower = first * 100
      upper = first * 100 + 99
    } else if let code = Int(text) {
      lower = code
      upper = code
    } else {
      return nil
    }
  }

  /// Whether `status` matches.
  public func matches(_ status: Int) -> Bool { (lower...upper).contains(status) }

  /// `201` or `2xx`.
  public var description: String { lower == upper ? String(lower) : "\(lower / 100)xx" }
}

/// How urgent an alert condition or incident is.
public enum Severity: String, Hashable, Sendable, CaseIterable {
  case critical
  case warning
}

/// A rule that opens an incident: a metric crossing a value, or a manual report.
public struct AlertCondition: Hashable, Sendable {
  /// Stable identifier.
  public var id: AlertConditionID
  /// The seed's wording, e.g. "5xx error rate > 1%".
  public var condition: String
  /// Critical conditions page at once.
  public var severity: Severity
  /// When it fires.
  public var rule: Rule
  /// What to do.
  public var action: String
  /// Who is paged.
  public var escalation: EscalationType

  /// When an alert condition fires.
  public enum Rule: Hashable, Sendable {
    /// A metric's figure satisfies the threshold, e.g. `server_error_rate > 1`.
    case metric(MetricID, Threshold)
    /// Reported by a person (`incident open --alert ID`).
    case manual

    /// The metric the rule watches; nil for manual conditions.
    public var metric: MetricID? {
      if case .metric(let metric, _) = self { return metric }
      return nil
    }
  }
}

/// A span of window hours with its checklist.
public struct Phase: Hashable, Sendable {
  /// Stable identifier: `critical`, `high`, `standard` in the seed.
  public var id: String
  /// Its heading, e.g. "Critical Window".
  public var name: String
  /// The window hours it covers, e.g. `0..<6`.
  public var hours: Range<Int>
  /// The length of one round in hours (1: hourly).
  public var roundHours: Int
  /// Its checklist, in document order.
  public var items: [ChecklistItem]
}

/// One line of a phase's checklist.
public struct ChecklistItem: Hashable, Sendable {
  /// Stable identifier, unique in the runbook.
  public var id: ChecklistItemID
  /// What to check.
  public var text: String
  /// How often it is due.
  public var cadence: Cadence

  /// How often a checklist item is due.
  public enum Cadence: String, Hashable, Sendable, CaseIterable {
    /// Once in every round of its phase.
    case round
    /// Once in its phase.
    case once
  }
}

/// Who is paged for an escalation type, and within how many minutes they must respond.
public struct EscalationContact: Hashable, Sendable {
  /// The escalation type it serves.
  public var type: EscalationType
  /// The seed's issue-type column, e.g. "Critical (5xx > 1%)".
  public var issueType: String
  /// Who is paged, e.g. "Platform Team Lead".
  public var contact: String
  /// The response-time SLA in minutes.
  public var responseMinutes: Int
}

/// The to-do lists after the window.
public struct PostMonitoringActions: Hashable, Sendable {
  /// "After 72h Success".
  public var onSuccess: [String]
  /// "If Issues Found".
  public var onIssues: [String]

  /// The list a closed window produces: "After 72h Success" when the recommendation in force is
  /// GO, "If Issues Found" otherwise.
  public func list(for recommendation: Recommendation) -> [String] {
    recommendation == .go ? onSuccess : onIssues
  }
}

/// A known problem and how to work it.
public struct TroubleshootingEntry: Hashable, Sendable {
  /// Stable identifier.
  public var id: String
  /// The heading, e.g. "Users cannot login".
  public var issue: String
  /// What users and dashboards show.
  public var symptoms: [String]
  /// Commands to run, as one text block.
  public var diagnosis: String
  /// Common causes, most likely first.
  public var causes: [String]
  /// Steps that fix it.
  public var resolution: [String]
  /// Metrics whose incidents this entry applies to.
  public var metrics: [MetricID]
  /// Alert conditions whose incidents this entry applies to.
  public var alertConditions: [AlertConditionID]
}

/// One of the seed's data collection points.
public struct DataCollectionPoint: Hashable, Sendable {
  /// Where, e.g. "Nginx access logs".
  public var title: String
  /// What to check.
  public var checks: [String]
  /// What should alarm.
  public var redFlags: [String]
  /// Commands, as one text block, if any.
  public var commands: String?
}

/// Formats a number the short way: `99.5`, `15`, `0.1`.
public func formatNumber(_ value: Double, maxFractionDigits: Int = 3) -> String {
  guard value.isFinite else { return String(describing: value) }
  var scale = 1.0
  for _ in 0..<maxFractionDigits { scale *= 10 }
  let rounded = (value * scale).rounded() / scale
  if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
  var text = String(describing: rounded)
  if text.contains("e") { return text }
  while text.hasSuffix("0") { text.removeLast() }
  return text
}
