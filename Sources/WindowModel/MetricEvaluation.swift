/// How a figure stands against its metric's target and alert threshold: the seed's ✅ / ⚠️ / ❌.
public enum MetricStatus: String, Hashable, Sendable, CaseIterable {
  /// Meets the target.
  case ok
  /// Misses the target; the alert threshold is not crossed.
  case warn
  /// The alert threshold is crossed.
  case alert
  /// No data to judge.
  case nodata

  /// The seed reports' symbol.
  public var symbol: String {
    switch self {
    case .ok: return "✅"
    case .warn: return "⚠️"
    case .alert: return "❌"
    case .nodata: return "–"
    }
  }

  /// Orders statuses by severity, for "worst of".
  public var severityRank: Int {
    switch self {
    case .nodata: return 0
    case .ok: return 1
    case .warn: return 2
    case .alert: return 3
    }
  }
}

extension Metric {
  /// Judges a figure: `alert` when the alert threshold is crossed, else `ok` when the target is
  /// met, else `warn`; `nodata` without a figure.
  public func status(of figure: Double?) -> MetricStatus {
    guard let figure else { return .nodata }
    if alertThreshold.isMet(by: figure) { return .alert }
    return target.isMet(by: figure) ? .ok : .warn
  }

  /// Checks a value typed by a person against the metric's unit.
  /// - Throws: `ReadingError` for text that is not a plain finite number, or a value the unit
  ///   cannot take (a percentage outside 0–100, a negative or fractional count, negative ms).
  public func parseReading(_ text: String) throws(ReadingError) -> Double {
    let trimmed = text.trimmingSpaces
    let allowed = trimmed.unicodeScalars.allSatisfy {
      ("0"..."9").contains($0) || ".eE+-".unicodeScalars.contains($0)
    }
    guard !trimmed.isEmpty, allowed, let value = Double(trimmed), value.isFinite else {
      throw .notANumber(metric: id, text: text)
    }
    switch unit {
    case .percent:
      guard (0...100).contains(value) else {
        throw .outOfRange(metric: id, value: trimmed, expected: "a percentage from 0 to 100")
      }
    case .count:
      guard value >= 0, value == value.rounded(), value < 1e15 else {
        throw .outOfRange(metric: id, value: trimmed, expected: "a whole number of 0 or more")
      }
    case .ms:
      guard value >= 0, value < 1e12 else {
        throw .outOfRange(metric: id, value: trimmed, expected: "milliseconds, 0 or more")
      }
    }
    return value
  }

  /// `99.7%`, `180ms`, `3`
  public func format(_ value: Double) -> String {
    formatNumber(value) + unit.symbol
  }
}

/// A reading value that cannot be stored.
public enum ReadingError: Error, Hashable, Sendable, CustomStringConvertible {
  /// `abc`, `NaN`, `inf`, `1e999`.
  case notANumber(metric: MetricID, text: String)
  /// A number the metric's unit cannot take.
  case outOfRange(metric: MetricID, value: String, expected: String)

  /// What was wrong and what was expected.
  public var description: String {
    switch self {
    case .notANumber(let metric, let text):
      return "\"\(text)\" is not a number for \(metric); expected a finite decimal number like 99.5"
    case .outOfRange(let metric, let value, let expected):
      return "\(value) is out of range for \(metric); expected \(expected)"
    }
  }
}

/// Request counts for a metric in one hour, as ingest stores them: how many requests the
/// selector matched, and how many of those had a counted status.
public struct RequestCounts: Hashable, Sendable {
  /// Requests the selector matched.
  public var matched: Int64
  /// Of those, requests whose status is counted.
  public var hits: Int64

  /// Creates counts.
  public init(matched: Int64, hits: Int64) {
    self.matched = matched
    self.hits = hits
  }

  /// Adds two hours' counts.
  public static func + (lhs: RequestCounts, rhs: RequestCounts) -> RequestCounts {
    RequestCounts(matched: lhs.matched + rhs.matched, hits: lhs.hits + rhs.hits)
  }
}

/// A manual reading of a metric.
public struct Reading: Hashable, Sendable {
  /// The value, in the metric's unit.
  public var value: Double
  /// When it was taken.
  public var at: Timestamp

  /// Creates a reading.
  public init(value: Double, at: Timestamp) {
    self.value = value
    self.at = at
  }
}

/// Everything known about one metric in one window hour.
public struct HourData: Hashable, Sendable {
  /// Manual readings, oldest first.
  public var readings: [Reading] = []
  /// Counts from access logs, if any were ingested.
  public var counts: RequestCounts?
  /// Response times from access logs, if any were ingested.
  public var latency: LatencyHistogram?

  /// Creates an hour's data.
  public init(
    readings: [Reading] = [], counts: RequestCounts? = nil, latency: LatencyHistogram? = nil
  ) {
    self.readings = readings
    self.counts = counts
    self.latency = latency
  }
}

/// A metric's data hour by hour, and the figures it yields: the hour's figure (readings or
/// requests combined by `hour_figure`) and the window's (hours combined by `window_figure`).
public struct MetricSeries: Sendable {
  /// The metric.
  public let metric: Metric
  /// Data per window hour.
  public let hours: [Int: HourData]

  /// Creates a series.
  public init(metric: Metric, hours: [Int: HourData]) {
    self.metric = metric
    self.hours = hours
  }

  /// The hours that have data, in order.
  public var hoursWithData: [Int] {
    hours.filter { figure(for: $0.value) != nil }.keys.sorted()
  }

  /// The figure of window hour `hour`; nil without data.
  public func hourFigure(_ hour: Int) -> Double? {
    hours[hour].flatMap(figure(for:))
  }

  /// The most recent hour with data and its figure.
  public var latestHour: (hour: Int, figure: Double)? {
    guard let hour = hoursWithData.last, let figure = hourFigure(hour) else { return nil }
    return (hour, figure)
  }

  /// The most recent manual reading.
  public var latestReading: Reading? {
    hours.values.flatMap(\.readings).max { ($0.at, 0) < ($1.at, 1) }
  }

  /// The figure over hours `range` (the whole window by default); nil without data.
  /// Request rates are total hits over total matched requests across the hours, never a mean of
  /// hourly percentages; response-time percentiles merge the hours' histograms.
  public func figure(over range: Range<Int>? = nil) -> Double? {
    let selected = hours.filter { range?.contains($0.key) ?? true }
    let ordered = selected.keys.sorted().compactMap { selected[$0] }
    switch metric.windowFigure {
    case .ratio:
      let counted = ordered.compactMap(\.counts)
      if !counted.isEmpty {
        return Self.share(counted.reduce(RequestCounts(matched: 0, hits: 0), +))
      }
      return Self.mean(ordered.compactMap(figure(for:)))
    case .p95:
      let histograms = ordered.compactMap(\.latency)
      if !histograms.isEmpty {
        return histograms.reduce(LatencyHistogram(), { $0.merging($1) }).percentile(95)
      }
      return Self.nearestRankPercentile(ordered.flatMap(\.readings).map(\.value), 95)
    case .sum:
      let figures = ordered.compactMap(figure(for:))
      return figures.isEmpty ? nil : figures.reduce(0, +)
    case .max:
      return ordered.compactMap(figure(for:)).max()
    case .mean:
      return Self.mean(ordered.compactMap(figure(for:)))
    case .latest:
      return ordered.compactMap(figure(for:)).last
    }
  }

  /// One hour's figure from its data.
  func figure(for data: HourData) -> Double? {
    if let counts = data.counts {
      switch metric.source?.measure {
      case .share?: return Self.share(counts)
      case .count?: return Double(counts.hits) + data.readings.reduce(0) { $0 + $1.value }
      default: break
      }
    }
    if metric.hourFigure == .p95, let latency = data.latency, latency.count > 0 {
      return latency.percentile(95)
    }
    let values = data.readings.map(\.value)
    guard !values.isEmpty else { return nil }
    switch metric.hourFigure {
    case .sum: return values.reduce(0, +)
    case .max: return values.max()
    case .mean: return Self.mean(values)
    case .p95: return Self.nearestRankPercentile(values, 95)
    case .ratio, .latest: return values.last
    }
  }

  static func share(_ counts: RequestCounts) -> Double? {
    counts.matched == 0 ? nil : Double(counts.hits) / Double(counts.matched) * 100
  }

  static func mean(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
  }

  /// The nearest-rank percentile: the smallest value with at least `p`% of values at or below it.
  static func nearestRankPercentile(_ values: [Double], _ p: Double) -> Double? {
    guard !values.isEmpty else { return nil }
    let sorted = values.sorted()
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
    return sorted[max(0, min(sorted.count - 1, rank - 1))]
  }
}

/// Alert conditions over metric figures.
extension Runbook {
  /// The conditions on `metric` that `figure` satisfies, critical ones first.
  public func firingConditions(for metric: MetricID, figure: Double) -> [AlertCondition] {
    alertConditions.filter { condition in
      guard case .metric(let watched, let threshold) = condition.rule, watched == metric else {
        return false
      }
      return threshold.isMet(by: figure)
    }.sorted { ($0.severity == .critical ? 0 : 1) < ($1.severity == .critical ? 0 : 1) }
  }
}

/// What a firing alert condition must do.
public enum AlertResponse: Hashable, Sendable {
  /// Open a new incident for the condition.
  case open(AlertCondition)
  /// Add to the incident the condition opened before, which is still unresolved.
  case extend(AlertCondition, IncidentID)
}

extension Runbook {
  /// The conditions a figure fires, each answered by opening an incident or, while the incident
  /// it opened before is unresolved, by adding to that one: at most one open incident per
  /// condition.
  public func alertResponses(for metric: MetricID, figure: Double, unresolved: [Incident])
    -> [AlertResponse]
  {
    firingConditions(for: metric, figure: figure).map { condition in
      if let incident = unresolved.last(where: { $0.alert == condition.id && $0.isUnresolved }) {
        return .extend(condition, incident.id)
      }
      return .open(condition)
    }
  }
}

extension AlertCondition {
  /// The impact an incident opened by this condition starts with.
  public var defaultImpact: Impact { severity == .critical ? .high : .medium }

  /// The title of the incident this condition opens, with the figure that fired it.
  public func incidentTitle(observed figure: Double, metric: Metric) -> String {
    "\(condition) (observed \(metric.format(figure)))"
  }
}
