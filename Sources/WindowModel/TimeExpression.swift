/// A TIME argument as a user typed it: an absolute ISO 8601 time, an offset from the window's
/// start (`T+6h30m`), or an offset from now (`-15m`).
///
/// Parsing needs no context; resolving needs "now" and, for window offsets, the window's start.
public enum TimeExpression: Hashable, Sendable {
  /// `2025-11-09T14:05:00Z`, `2025-11-09T23:05:00+09:00`, `2025-11-09`.
  case absolute(Timestamp)
  /// `T+6h30m`, `T-15m`: relative to the start of the window.
  case sinceWindowStart(Duration)
  /// `-15m`, `+1h`, `now`: relative to the current time.
  case relativeToNow(Duration)

  /// Parses a TIME argument.
  /// - Throws: `TimeParseError` naming the accepted forms.
  public init(parsing text: String) throws(TimeParseError) {
    let trimmed = text.trimmingSpaces
    if trimmed == "now" {
      self = .relativeToNow(Duration(seconds: 0))
    } else if trimmed.hasPrefix("T+") || trimmed.hasPrefix("T-") {
      guard let duration = Duration(compact: trimmed.dropFirst(2)) else {
        throw TimeParseError(text: text)
      }
      self = .sinceWindowStart(
        trimmed.hasPrefix("T-") ? Duration(seconds: -duration.seconds) : duration)
    } else if trimmed.hasPrefix("-") || trimmed.hasPrefix("+") {
      guard let duration = Duration(compact: trimmed.dropFirst()) else {
        throw TimeParseError(text: text)
      }
      self = .relativeToNow(
        trimmed.hasPrefix("-") ? Duration(seconds: -duration.seconds) : duration)
    } else if let timestamp = ISO8601.parse(trimmed) {
      self = .absolute(timestamp)
    } else {
      throw TimeParseError(text: text)
    }
  }

  /// Whether resolving this expression needs a window's start time.
  public var needsWindowStart: Bool {
    if case .sinceWindowStart = self { return true }
    return false
  }

  /// The absolute time this expression names.
  /// - Returns: nil for a window offset when `windowStart` is nil.
  public func resolve(now: Timestamp, windowStart: Timestamp?) -> Timestamp? {
    switch self {
    case .absolute(let timestamp): return timestamp
    case .relativeToNow(let duration): return now.adding(duration)
    case .sinceWindowStart(let duration): return windowStart?.adding(duration)
    }
  }
}

/// A TIME argument that is none of the accepted forms.
public struct TimeParseError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The text as given.
  public var text: String

  /// The message printed for a bad TIME argument.
  public var description: String {
    "invalid time \"\(text)\": expected ISO 8601 (2025-11-09T14:05:00Z, offsets allowed), "
      + "an offset from the window start (T+6h30m) or from now (-15m)"
  }
}

/// ISO 8601 date-time parsing for the forms people type and logs carry.
public enum ISO8601 {
  /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z`, `±HH:MM`, `±HHMM` or no zone
  /// (read as UTC). A space may stand for `T`. Fractions of a second are dropped.
  public static func parse(_ text: String) -> Timestamp? {
    var scanner = DigitScanner(Array(text.utf8))
    guard let year = scanner.number(4), scanner.take(UInt8(ascii: "-")),
      let month = scanner.number(2), scanner.take(UInt8(ascii: "-")),
      let day = scanner.number(2)
    else { return nil }
    if scanner.atEnd { return Timestamp(year: year, month: month, day: day) }
    guard
      scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: "t"))
        || scanner.take(UInt8(ascii: " ")),
      let hour = scanner.number(2), scanner.take(UInt8(ascii: ":")),
      let minute = scanner.number(2)
    else { return nil }
    var second = 0
    if scanner.take(UInt8(ascii: ":")) {
      guard let value = scanner.number(2) else { return nil }
      second = value
      if scanner.take(UInt8(ascii: ".")) || scanner.take(UInt8(ascii: ",")) {
        guard scanner.skipDigits() > 0 else { return nil }
      }
    }
    var offsetSeconds = 0
    if scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
    } else if let sign = scanner.peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
      scanner.advance()
      guard let hours = scanner.number(2), hours <= 23 else { return nil }
      _ = scanner.take(UInt8(ascii: ":"))
      guard let minutes = scanner.number(2), minutes <= 59 else { return nil }
      offsetSeconds = (hours * 3_600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
    }
    guard scanner.atEnd,
      let local = Timestamp(
        year: year, month: month, day: day, hour: hour, minute: minute, second: min(second, 59))
    else { return nil }
    return Timestamp(secondsSinceEpoch: local.secondsSinceEpoch - Int64(offsetSeconds))
  }
}

/// A cursor over ASCII bytes that reads fixed-width numbers.
struct DigitScanner {
  let bytes: [UInt8]
  var index = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var atEnd: Bool { index == bytes.count }
  var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

  mutating func advance() { index += 1 }

  mutating func take(_ byte: UInt8) -> Bool {
    guard peek == byte else { return false }
    index += 1
    return true
  }

  mutating func number(_ width: Int) -> Int? {
    guard index + width <= bytes.count else { return nil }
    var value = 0
    for offset in 0..<width {
      let byte = bytes[index + offset]
      guard byte >= 48, byte <= 57 else { return nil }
      value = value * 10 + Int(byte - 48)
    }
    index += width
    return value
  }

  mutating func skipDigits() -> Int {
    let start = index
    while let byte = peek, byte >= 48, byte <= 57 { index += 1 }
    return index - start
  }
}

extension String {
  /// The string without leading and trailing spaces, tabs and newlines.
  var trimmingSpaces: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
    guard let first = firstIndex(where: { !isSpace($0) }),
      let last = lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(self[first...last])
  }
}
