import WindowModel

#if canImport(Glibc)
  import Glibc  // memchr, memcmp
#elseif canImport(Darwin)
  import Darwin
#endif

/// A metric's request selector compiled to bytes, with where its counts go.
struct CompiledMetric {
  let index: Int
  /// Whether each status 0…999 is counted.
  let counted: [Bool]
  /// Where its response times go, for p95 metrics.
  let latencySlot: Int?
}

/// Requests sharing one method and path pattern, and the metrics they feed.
struct SelectorGroup {
  let method: [UInt8]?
  let path: [PathSegment]?
  var metrics: [CompiledMetric]

  enum PathSegment: Equatable {
    case literal([UInt8])
    case wildcard
  }
}

/// What scanning some lines found. Totals from separate parts of a log merge by `merge(_:)`.
public struct ScanTotals: Sendable {
  /// Lines read (every complete line).
  public var lines = 0
  /// Well-formed lines inside the window.
  public var inWindow = 0
  /// Well-formed lines outside the window (skipped).
  public var outside = 0
  /// Lines that do not follow the format.
  public var malformed = 0
  /// 0-based indexes (among `lines`) of the first malformed lines.
  public var malformedLines: [Int] = []
  /// Well-formed lines per status 0…999.
  public var statusCounts: [Int]
  /// Per hour and metric: requests matched (`hour * metricCount + metric`).
  public var matched: [Int64]
  /// Per hour and metric: requests whose status is counted.
  public var hits: [Int64]
  /// Per hour and p95 metric: response-time bucket counts; bucket 0 holds times under 1 ms.
  var latency: [Int64]
  /// Hours that received at least one line.
  public var touchedHours: [Bool]

  let metricCount: Int
  let latencyMetricCount: Int

  static let latencyBuckets = 1_024
  /// How many malformed line numbers are kept.
  public static let malformedKept = 10

  init(hours: Int, metricCount: Int, latencyMetricCount: Int) {
    self.metricCount = metricCount
    self.latencyMetricCount = latencyMetricCount
    statusCounts = Array(repeating: 0, count: 1_000)
    matched = Array(repeating: 0, count: hours * metricCount)
    hits = Array(repeating: 0, count: hours * metricCount)
    latency = Array(repeating: 0, count: hours * latencyMetricCount * Self.latencyBuckets)
    touchedHours = Array(repeating: false, count: hours)
  }

  /// Counts a line too long to buffer as one malformed line.
  public mutating func recordOverlongLine() {
    if malformedLines.count < Self.malformedKept { malformedLines.append(lines) }
    malformed += 1
    lines += 1
  }

  /// Adds totals of the lines that follow these.
  public mutating func merge(_ later: ScanTotals) {
    for index in later.malformedLines.prefix(Self.malformedKept - malformedLines.count) {
      malformedLines.append(lines + index)
    }
    lines += later.lines
    inWindow += later.inWindow
    outside += later.outside
    malformed += later.malformed
    for index in statusCounts.indices { statusCounts[index] += later.statusCounts[index] }
    for index in matched.indices {
      matched[index] += later.matched[index]
      hits[index] += later.hits[index]
    }
    for index in latency.indices where later.latency[index] != 0 {
      latency[index] += later.latency[index]
    }
    for index in touchedHours.indices where later.touchedHours[index] { touchedHours[index] = true }
  }

  /// The counts of `metric` in `hour`.
  public func counts(hour: Int, metric: Int) -> RequestCounts {
    RequestCounts(
      matched: matched[hour * metricCount + metric], hits: hits[hour * metricCount + metric])
  }

  /// The response times recorded for the p95 metric in `slot` during `hour`, if any.
  func histogram(hour: Int, slot: Int) -> LatencyHistogram? {
    let base = (hour * latencyMetricCount + slot) * Self.latencyBuckets
    var histogram = LatencyHistogram()
    var any = false
    for bucket in 0..<Self.latencyBuckets where latency[base + bucket] != 0 {
      any = true
      histogram.record(bucket: bucket == 0 ? nil : bucket, count: latency[base + bucket])
    }
    return any ? histogram : nil
  }
}

/// Parses access-log lines and adds them up per window hour and metric. Pure: it reads the
/// bytes it is given and nothing else; one scanner may serve several threads, each with its own
/// totals.
public struct LogScanner: Sendable {
  let format: LogFormat
  let tables: SelectorTables
  /// The runbook's metrics in order; counts are indexed like this.
  public let metrics: [Metric]
  /// Metric index → p95 slot.
  let latencySlots: [Int: Int]
  let windowStart: Int64
  let hours: Int
  /// Bucket of each whole millisecond below the table's size (the hot path avoids `log`).
  let bucketOfMillisecond: [Int16]

  /// Compiles the runbook's selectors for a window.
  public init(format: LogFormat, runbook: Runbook, windowStart: Timestamp, hours: Int) {
    self.format = format
    self.metrics = runbook.metrics
    self.windowStart = windowStart.secondsSinceEpoch
    self.hours = hours
    var slots: [Int: Int] = [:]
    var groups: [SelectorGroup] = []
    for (index, metric) in runbook.metrics.enumerated() {
      guard let source = metric.source else { continue }
      var counted = Array(repeating: false, count: 1_000)
      for status in 0..<1_000 where source.statuses.contains(where: { $0.matches(status) }) {
        counted[status] = true
      }
      var slot: Int?
      if source.measure == .p95RequestTime {
        slot = slots.count
        slots[index] = slots.count
      }
      let compiled = CompiledMetric(
        index: index, counted: counted, latencySlot: slot)
      let method = source.method.map { Array($0.utf8) }
      let path = source.path.map { pattern in
        pattern.segments.map {
          $0.hasPrefix(":") ? SelectorGroup.PathSegment.wildcard : .literal(Array($0.utf8))
        }
      }
      if let existing = groups.firstIndex(where: { $0.method == method && $0.path == path }) {
        groups[existing].metrics.append(compiled)
      } else {
        groups.append(SelectorGroup(method: method, path: path, metrics: [compiled]))
      }
    }
    self.tables = SelectorTables(
      groups: groups, combined: format.isCombinedLayout,
      requestTimeOptional: format.optionalFrom != nil)
    self.latencySlots = slots
    var table = [Int16](repeating: 0, count: 65_536)
    for millisecond in 1..<table.count {
      table[millisecond] = Int16(
        min(
          LatencyHistogram.bucket(ofMilliseconds: Double(millisecond)) ?? 0,
          ScanTotals.latencyBuckets - 1))
    }
    bucketOfMillisecond = table
  }

  /// Empty totals shaped for this scanner.
  public func makeTotals() -> ScanTotals {
    ScanTotals(hours: hours, metricCount: metrics.count, latencyMetricCount: latencySlots.count)
  }

  /// The response-time histogram of `metric` (an index into `metrics`) in `hour`, if any.
  public func histogram(_ totals: ScanTotals, hour: Int, metric: Int) -> LatencyHistogram? {
    latencySlots[metric].flatMap { totals.histogram(hour: hour, slot: $0) }
  }

  /// Scans complete lines (each ending in `\n`) and adds them to `totals`.
  ///
  /// - Complexity: O(bytes). The loop touches no reference-counted value: selectors live in
  ///   `tables`, and the totals' arrays are moved out and used through pointers.
  public func scan(_ buffer: UnsafeRawBufferPointer, into totals: inout ScanTotals) {
    guard let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
    var statusCounts = totals.statusCounts
    var matched = totals.matched
    var hits = totals.hits
    var latency = totals.latency
    var touched = totals.touchedHours
    totals.statusCounts = []
    totals.matched = []
    totals.hits = []
    totals.latency = []
    totals.touchedHours = []
    defer {
      totals.statusCounts = statusCounts
      totals.matched = matched
      totals.hits = hits
      totals.latency = latency
      totals.touchedHours = touched
    }
    statusCounts.withUnsafeMutableBufferPointer { statusCounts in
      matched.withUnsafeMutableBufferPointer { matched in
        hits.withUnsafeMutableBufferPointer { hits in
          latency.withUnsafeMutableBufferPointer { latency in
            touched.withUnsafeMutableBufferPointer { touched in
              var counters = Counters(
                statusCounts: statusCounts.baseAddress, matched: matched.baseAddress,
                hits: hits.baseAddress,
                latency: latency.baseAddress, touched: touched.baseAddress,
                metricCount: totals.metricCount,
                latencyMetricCount: totals.latencyMetricCount)
              var cache = TimeCache()
              var start = 0
              let count = buffer.count
              while start < count {
                guard let newline = memchr(base + start, 0x0A, count - start) else { break }
                let end = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                var lineEnd = end
                if lineEnd > start, base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                switch scanLine(base, start, lineEnd, &counters, &cache) {
                case .counted: break
                case .outside: totals.outside += 1
                case .malformed:
                  if totals.malformedLines.count < ScanTotals.malformedKept {
                    totals.malformedLines.append(totals.lines)
                  }
                  totals.malformed += 1
                }
                totals.lines += 1
                start = end + 1
              }
              totals.inWindow += counters.inWindow
            }
          }
        }
      }
    }
  }

  /// Where a line's counts go: the totals' arrays, seen through pointers for one scan.
  struct Counters {
    let statusCounts: UnsafeMutablePointer<Int>?
    let matched: UnsafeMutablePointer<Int64>?
    let hits: UnsafeMutablePointer<Int64>?
    let latency: UnsafeMutablePointer<Int64>?
    let touched: UnsafeMutablePointer<Bool>?
    let metricCount: Int
    let latencyMetricCount: Int
    var inWindow = 0
  }

  enum LineResult {
    case counted
    case outside
    case malformed
  }

  /// Byte ranges of the fields a line holds.
  /// Which time variable a line carries; kept trivial so `Fields` copies as plain memory.
  enum TimeKind: UInt8 {
    case local
    case iso8601
    case msec
  }

  struct Fields {
    var time: (Int, Int, TimeKind)?
    var request: (Int, Int)?
    var method: (Int, Int)?
    var uri: (Int, Int)?
    var status: (Int, Int)?
    var requestTime: (Int, Int)?
  }

  func scanLine(
    _ base: UnsafePointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, _ counters: inout Counters,
    _ cache: inout TimeCache
  ) -> LineResult {
    var fields = Fields()
    let parsed =
      tables.combined
      ? splitCombined(base, lineStart, lineEnd, &fields) : split(base, lineStart, lineEnd, &fields)
    guard parsed, let timeRange = fields.time,
      let statusRange = fields.status, statusRange.1 - statusRange.0 == 3,
      let status = Self.threeDigits(base + statusRange.0),
      let time = parseTime(base, timeRange, &cache)
    else { return .malformed }
    counters.statusCounts?[status] += 1
    let elapsed = time - windowStart
    guard elapsed >= 0, elapsed < Int64(hours) * 3_600 else { return .outside }
    let hour = Int(elapsed / 3_600)
    counters.inWindow += 1
    counters.touched?[hour] = true
    var method: (Int, Int)? = fields.method
    var path: (Int, Int)? = fields.uri
    if let request = fields.request {
      let (requestMethod, requestPath) = Self.splitRequest(base, request)
      method = requestMethod
      path = requestPath
    }
    if let uri = path {
      // The query string is not part of the path.
      if let question = memchr(base + uri.0, 0x3F, uri.1 - uri.0) {
        path = (uri.0, base.distance(to: question.assumingMemoryBound(to: UInt8.self)))
      }
    }
    let row = hour * counters.metricCount
    let tables = self.tables
    for group in 0..<tables.groupCount {
      let methodLength = Int(tables.groupMethodLength[group])
      if methodLength >= 0 {
        guard let method, method.1 - method.0 == methodLength,
          memcmp(base + method.0, tables.bytes + Int(tables.groupMethodOffset[group]), methodLength)
            == 0
        else { continue }
      }
      if tables.groupSegmentCount[group] >= 0 {
        guard let path, tables.pathMatches(base, path, group: group) else { continue }
      }
      let first = Int(tables.groupEntryStart[group])
      for entry in first..<(first + Int(tables.groupEntryCount[group])) {
        let metric = Int(tables.entryMetric[entry])
        counters.matched?[row + metric] += 1
        if tables.counted[entry * 1_000 + status] != 0 { counters.hits?[row + metric] += 1 }
        let slot = Int(tables.entrySlot[entry])
        if slot >= 0, let range = fields.requestTime, let bucket = latencyBucket(base, range) {
          counters.latency?[
            (hour * counters.latencyMetricCount + slot) * ScanTotals.latencyBuckets + bucket] += 1
        }
      }
    }
    return .counted
  }

  /// The `combined` layout (optionally with ` $request_time`) read directly: the time in
  /// brackets, the quoted request, the status, then three quoted or plain fields to skip.
  func splitCombined(
    _ base: UnsafePointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, _ fields: inout Fields
  ) -> Bool {
    // `$remote_addr - $remote_user [`: the first '[' after " - ".
    guard let bracket = memchr(base + lineStart, 0x5B, lineEnd - lineStart) else { return false }
    let timeStart = base.distance(to: bracket.assumingMemoryBound(to: UInt8.self)) + 1
    guard timeStart - lineStart >= 5, base[timeStart - 2] == 0x20, timeStart + 29 <= lineEnd,
      base[timeStart + 26] == 0x5D, base[timeStart + 27] == 0x20, base[timeStart + 28] == 0x22
    else { return false }
    fields.time = (timeStart, timeStart + 26, .local)
    let requestStart = timeStart + 29
    // The request ends at the next quote (quotes inside are written as \x22).
    guard let requestQuote = memchr(base + requestStart, 0x22, lineEnd - requestStart) else {
      return false
    }
    let requestEnd = base.distance(to: requestQuote.assumingMemoryBound(to: UInt8.self))
    fields.request = (requestStart, requestEnd)
    let statusStart = requestEnd + 2
    guard statusStart + 4 <= lineEnd, base[requestEnd + 1] == 0x20, base[statusStart + 3] == 0x20
    else { return false }
    fields.status = (statusStart, statusStart + 3)
    // $body_bytes_sent "$http_referer" "$http_user_agent": skip to the fourth quote from here.
    var position = statusStart + 4
    for _ in 0..<4 {
      guard position < lineEnd, let quote = memchr(base + position, 0x22, lineEnd - position) else {
        return false
      }
      position = base.distance(to: quote.assumingMemoryBound(to: UInt8.self)) + 1
    }
    if position == lineEnd { return tables.requestTimeOptional }
    guard base[position] == 0x20, position + 1 < lineEnd, tables.requestTimeOptional else {
      return false
    }
    fields.requestTime = (position + 1, lineEnd)
    return true
  }

  /// Walks the format over a line; nil when the line does not follow it.
  func split(_ base: UnsafePointer<UInt8>, _ lineStart: Int, _ lineEnd: Int, _ fields: inout Fields)
    -> Bool
  {
    var position = lineStart
    let tokens = format.tokens
    var index = 0
    while index < tokens.count {
      if let optional = format.optionalFrom, index == optional, position == lineEnd { return true }
      switch tokens[index] {
      case .literal(let text):
        guard lineEnd - position >= text.count,
          Self.equal(base, (position, position + text.count), text)
        else {
          return false
        }
        position += text.count
      case .variable(let field):
        var end = lineEnd
        if index + 1 < tokens.count, case .literal(let next) = tokens[index + 1] {
          guard let found = Self.find(next, in: base, from: position, to: lineEnd) else {
            return false
          }
          end = found
        }
        let range = (position, end)
        switch field {
        case .timeLocal: fields.time = (position, end, .local)
        case .timeISO8601: fields.time = (position, end, .iso8601)
        case .msec: fields.time = (position, end, .msec)
        case .request: fields.request = range
        case .requestMethod: fields.method = range
        case .requestURI: fields.uri = range
        case .status: fields.status = range
        case .requestTime: fields.requestTime = range
        case .other: break
        }
        position = end
      }
      index += 1
    }
    return position == lineEnd
  }

  /// The first position of `needle` in `[from, to)`.
  static func find(_ needle: [UInt8], in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
    guard let first = needle.first else { return from }
    var position = from
    while position < to {
      guard let hit = memchr(base + position, Int32(first), to - position) else { return nil }
      let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      if to - at >= needle.count, equal(base, (at, at + needle.count), needle) { return at }
      position = at + 1
    }
    return nil
  }

  static func equal(_ base: UnsafePointer<UInt8>, _ range: (Int, Int), _ bytes: [UInt8]) -> Bool {
    guard range.1 - range.0 == bytes.count else { return false }
    return bytes.withUnsafeBufferPointer { buffer in
      guard let pointer = buffer.baseAddress else { return true }
      return memcmp(base + range.0, pointer, bytes.count) == 0
    }
  }

  static func threeDigits(_ pointer: UnsafePointer<UInt8>) -> Int? {
    let a = Int(pointer[0]) - 48
    let b = Int(pointer[1]) - 48
    let c = Int(pointer[2]) - 48
    guard (0...9).contains(a), (0...9).contains(b), (0...9).contains(c) else { return nil }
    return a * 100 + b * 10 + c
  }

  /// `GET /path?q HTTP/1.1` → method and URI ranges; an empty request has neither.
  static func splitRequest(_ base: UnsafePointer<UInt8>, _ request: (Int, Int)) -> (
    (Int, Int)?, (Int, Int)?
  ) {
    guard request.1 > request.0 else { return (nil, nil) }
    guard let space = memchr(base + request.0, 0x20, request.1 - request.0) else {
      return (request, nil)
    }
    let methodEnd = base.distance(to: space.assumingMemoryBound(to: UInt8.self))
    let uriStart = methodEnd + 1
    var uriEnd = request.1
    if let next = memchr(base + uriStart, 0x20, request.1 - uriStart) {
      uriEnd = base.distance(to: next.assumingMemoryBound(to: UInt8.self))
    }
    return ((request.0, methodEnd), (uriStart, uriEnd))
  }

  /// `0.123` (seconds) → its bucket; nil for `-` or anything that is not a time.
  func latencyBucket(_ base: UnsafePointer<UInt8>, _ range: (Int, Int)) -> Int? {
    var whole = 0
    var fraction = 0
    var fractionDigits = 0
    var seenDot = false
    var position = range.0
    guard position < range.1 else { return nil }
    while position < range.1 {
      let byte = base[position]
      if byte == 0x2E, !seenDot {
        seenDot = true
      } else if byte >= 48, byte <= 57 {
        if seenDot {
          if fractionDigits < 3 {
            fraction = fraction * 10 + Int(byte - 48)
            fractionDigits += 1
          }
        } else {
          whole = whole * 10 + Int(byte - 48)
          if whole > 10_000_000 { return ScanTotals.latencyBuckets - 1 }
        }
      } else {
        return nil
      }
      position += 1
    }
    while fractionDigits < 3 {
      fraction *= 10
      fractionDigits += 1
    }
    let milliseconds = whole * 1_000 + fraction
    if milliseconds < bucketOfMillisecond.count { return Int(bucketOfMillisecond[milliseconds]) }
    return min(
      LatencyHistogram.bucket(ofMilliseconds: Double(milliseconds)) ?? 0,
      ScanTotals.latencyBuckets - 1)
  }

  /// Seconds since the epoch of a time field; nil when it is not a time.
  func parseTime(
    _ base: UnsafePointer<UInt8>, _ field: (Int, Int, TimeKind), _ cache: inout TimeCache
  ) -> Int64? {
    switch field.2 {
    case .local: return cache.timeLocal(base + field.0, length: field.1 - field.0)
    case .msec:
      var seconds: Int64 = 0
      var position = field.0
      while position < field.1, base[position] != 0x2E {
        let digit = Int64(base[position]) - 48
        guard (0...9).contains(digit) else { return nil }
        seconds = seconds * 10 + digit
        position += 1
      }
      return position > field.0 ? seconds : nil
    case .iso8601:
      let text = String(
        decoding: UnsafeBufferPointer(start: base + field.0, count: field.1 - field.0),
        as: UTF8.self)
      return ISO8601.parse(text)?.secondsSinceEpoch
    }
  }
}

/// Remembers the last `$time_local` date, hour and zone: consecutive log lines share them, so
/// most lines cost two comparisons and a little arithmetic.
struct TimeCache {
  var key: (UInt64, UInt64, UInt64) = (0, 0, 0)
  var hourStart: Int64 = 0
  var valid = false

  static let months: [UInt32: Int] = {
    var table: [UInt32: Int] = [:]
    for (index, name) in [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ].enumerated() {
      let bytes = Array(name.utf8)
      table[UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16] = index + 1
    }
    return table
  }()

  /// `09/Nov/2025:14:05:00 +0900` → seconds since the epoch (UTC).
  mutating func timeLocal(_ pointer: UnsafePointer<UInt8>, length: Int) -> Int64? {
    guard length == 26, pointer[2] == 0x2F, pointer[6] == 0x2F, pointer[11] == 0x3A,
      pointer[14] == 0x3A,
      pointer[17] == 0x3A, pointer[20] == 0x20
    else { return nil }
    let raw = UnsafeRawPointer(pointer)
    // Bytes 0–13 (date and hour) and 21–25 (zone); the minutes and seconds are masked out.
    let key = (
      raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 6, as: UInt64.self),
      raw.loadUnaligned(fromByteOffset: 18, as: UInt64.self) & ~UInt64(0xFFFF)
    )
    guard let minute = Self.twoDigits(pointer + 15), let second = Self.twoDigits(pointer + 18),
      minute < 60,
      second < 61
    else { return nil }
    if !valid || key != self.key {
      guard let start = Self.hourStart(pointer) else { return nil }
      self.key = key
      hourStart = start
      valid = true
    }
    return hourStart + Int64(minute * 60 + min(second, 59))
  }

  static func hourStart(_ pointer: UnsafePointer<UInt8>) -> Int64? {
    let monthKey = UInt32(pointer[3]) | UInt32(pointer[4]) << 8 | UInt32(pointer[5]) << 16
    guard let day = twoDigits(pointer), let month = months[monthKey],
      let century = twoDigits(pointer + 7),
      let year = twoDigits(pointer + 9), let hour = twoDigits(pointer + 12),
      let local = Timestamp(year: century * 100 + year, month: month, day: day, hour: hour),
      pointer[21] == 0x2B || pointer[21] == 0x2D, let zoneHours = twoDigits(pointer + 22),
      let zoneMinutes = twoDigits(pointer + 24)
    else { return nil }
    let offset = Int64(zoneHours * 3_600 + zoneMinutes * 60) * (pointer[21] == 0x2D ? -1 : 1)
    return local.secondsSinceEpoch - offset
  }

  static func twoDigits(_ pointer: UnsafePointer<UInt8>) -> Int? {
    let a = Int(pointer[0]) - 48
    let b = Int(pointer[1]) - 48
    guard (0...9).contains(a), (0...9).contains(b) else { return nil }
    return a * 10 + b
  }
}

/// The selectors laid out flat in memory for the scan loop, which must not touch
/// reference-counted values per line.
///
/// `@unchecked Sendable`: written only in `init`, read-only afterwards; freed in `deinit`.
final class SelectorTables: @unchecked Sendable {
  let combined: Bool
  let requestTimeOptional: Bool
  let groupCount: Int
  let bytes: UnsafeMutablePointer<UInt8>
  /// Per group: method bytes (length -1: any method).
  let groupMethodOffset: UnsafeMutablePointer<Int32>
  let groupMethodLength: UnsafeMutablePointer<Int32>
  /// Per group: its path segments (count -1: any path).
  let groupSegmentStart: UnsafeMutablePointer<Int32>
  let groupSegmentCount: UnsafeMutablePointer<Int32>
  /// Per segment: its bytes (length -1: a `:name` wildcard).
  let segmentOffset: UnsafeMutablePointer<Int32>
  let segmentLength: UnsafeMutablePointer<Int32>
  /// Per group: its metric entries.
  let groupEntryStart: UnsafeMutablePointer<Int32>
  let groupEntryCount: UnsafeMutablePointer<Int32>
  /// Per entry: the metric index and its p95 slot (-1: none).
  let entryMetric: UnsafeMutablePointer<Int32>
  let entrySlot: UnsafeMutablePointer<Int32>
  /// Per entry and status 0…999: 1 when the status is counted.
  let counted: UnsafeMutablePointer<UInt8>
  private let allocations: [UnsafeMutableRawPointer]

  init(groups: [SelectorGroup], combined: Bool, requestTimeOptional: Bool) {
    self.combined = combined
    self.requestTimeOptional = requestTimeOptional
    groupCount = groups.count
    var bytes: [UInt8] = []
    var methodOffset: [Int32] = []
    var methodLength: [Int32] = []
    var segmentStart: [Int32] = []
    var segmentCount: [Int32] = []
    var segOffset: [Int32] = []
    var segLength: [Int32] = []
    var entryStart: [Int32] = []
    var entryCount: [Int32] = []
    var metric: [Int32] = []
    var slot: [Int32] = []
    var counted: [UInt8] = []
    for group in groups {
      if let method = group.method {
        methodOffset.append(Int32(bytes.count))
        methodLength.append(Int32(method.count))
        bytes += method
      } else {
        methodOffset.append(0)
        methodLength.append(-1)
      }
      if let path = group.path {
        segmentStart.append(Int32(segOffset.count))
        segmentCount.append(Int32(path.count))
        for segment in path {
          switch segment {
          case .wildcard:
            segOffset.append(0)
            segLength.append(-1)
          case .literal(let text):
            segOffset.append(Int32(bytes.count))
            segLength.append(Int32(text.count))
            bytes += text
          }
        }
      } else {
        segmentStart.append(0)
        segmentCount.append(-1)
      }
      entryStart.append(Int32(metric.count))
      entryCount.append(Int32(group.metrics.count))
      for entry in group.metrics {
        metric.append(Int32(entry.index))
        slot.append(Int32(entry.latencySlot ?? -1))
        counted += entry.counted.map { $0 ? 1 : 0 }
      }
    }
    var allocations: [UnsafeMutableRawPointer] = []
    func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
      let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
      pointer.initialize(from: values, count: values.count)
      allocations.append(UnsafeMutableRawPointer(pointer))
      return pointer
    }
    self.bytes = copy(bytes)
    groupMethodOffset = copy(methodOffset)
    groupMethodLength = copy(methodLength)
    groupSegmentStart = copy(segmentStart)
    groupSegmentCount = copy(segmentCount)
    segmentOffset = copy(segOffset)
    segmentLength = copy(segLength)
    groupEntryStart = copy(entryStart)
    groupEntryCount = copy(entryCount)
    entryMetric = copy(metric)
    entrySlot = copy(slot)
    self.counted = copy(counted)
    self.allocations = allocations
  }

  deinit {
    for pointer in allocations { pointer.deallocate() }
  }

  /// Whether a request path matches the group's pattern segment by segment.
  func pathMatches(_ base: UnsafePointer<UInt8>, _ path: (Int, Int), group: Int) -> Bool {
    var position = path.0
    let first = Int(groupSegmentStart[group])
    for segment in first..<(first + Int(groupSegmentCount[group])) {
      guard position < path.1, base[position] == 0x2F else { return false }
      position += 1
      var end = path.1
      if let slash = memchr(base + position, 0x2F, path.1 - position) {
        end = base.distance(to: slash.assumingMemoryBound(to: UInt8.self))
      }
      let length = Int(segmentLength[segment])
      if length < 0 {
        guard end > position else { return false }
      } else {
        guard end - position == length,
          memcmp(base + position, bytes + Int(segmentOffset[segment]), length) == 0
        else {
          return false
        }
      }
      position = end
    }
    return position == path.1
  }
}
