import WindowModel

extension Transaction {
  /// Stores a manual reading (its timeline event is written first and linked).
  public func recordReading(
    _ reading: Reading, of metric: MetricID, hour: Int, in window: WindowID, actor: String,
    note: String?,
    event: NewEvent, recordedAt: Timestamp
  ) throws {
    let stored = try append(event, to: window, recordedAt: recordedAt)
    try connection.run(
      "INSERT INTO readings (window_id, metric, hour, at, value, actor, note, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [
        .integer(window.rawValue), .text(metric.rawValue), .integer(Int64(hour)),
        .integer(reading.at.secondsSinceEpoch), .real(reading.value), .text(actor), SQLValue(note),
        .integer(stored.id.rawValue),
      ])
  }

  /// Adds request counts (and response times) to a metric's hour, as one ingest batch found them.
  public func addRequestCounts(
    _ counts: RequestCounts, latency: LatencyHistogram?, of metric: MetricID, hour: Int,
    in window: WindowID
  ) throws {
    let existing = try connection.row(
      "SELECT latency FROM metric_hours WHERE window_id = ? AND metric = ? AND hour = ?",
      [.integer(window.rawValue), .text(metric.rawValue), .integer(Int64(hour))]
    ) { $0.optionalText(0) }
    var merged = latency
    if let stored = existing ?? nil, let previous = LatencyHistogram(encoded: stored) {
      merged = latency.map { previous.merging($0) } ?? previous
    }
    try connection.run(
      """
      INSERT INTO metric_hours (window_id, metric, hour, matched, hits, latency) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
      ON CONFLICT (window_id, metric, hour) DO UPDATE SET
        matched = matched + excluded.matched, hits = hits + excluded.hits, latency = excluded.latency
      """,
      [
        .integer(window.rawValue), .text(metric.rawValue), .integer(Int64(hour)),
        .integer(counts.matched),
        .integer(counts.hits), SQLValue(merged?.encoded),
      ])
  }

  /// Every metric's data in a window, hour by hour: manual readings and request counts.
  public func metricData(in window: WindowID) throws -> [MetricID: [Int: HourData]] {
    var data: [MetricID: [Int: HourData]] = [:]
    let readings = try connection.rows(
      "SELECT metric, hour, at, value FROM readings WHERE window_id = ? ORDER BY at, id",
      [.integer(window.rawValue)]
    ) { row in
      (
        MetricID(row.text(0)), row.int(1),
        Reading(value: row.double(3), at: Timestamp(secondsSinceEpoch: row.int64(2)))
      )
    }
    for (metric, hour, reading) in readings {
      data[metric, default: [:]][hour, default: HourData()].readings.append(reading)
    }
    let counted = try connection.rows(
      "SELECT metric, hour, matched, hits, latency FROM metric_hours WHERE window_id = ?",
      [.integer(window.rawValue)]
    ) { row in
      (
        MetricID(row.text(0)), row.int(1), RequestCounts(matched: row.int64(2), hits: row.int64(3)),
        row.optionalText(4)
      )
    }
    for (metric, hour, counts, latency) in counted {
      var hourData = data[metric, default: [:]][hour, default: HourData()]
      hourData.counts = counts
      hourData.latency = latency.flatMap(LatencyHistogram.init(encoded:))
      data[metric, default: [:]][hour] = hourData
    }
    return data
  }
}
