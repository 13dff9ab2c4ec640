/// A point in time, in whole seconds since 1970-01-01T00:00:00Z.
///
/// p0watch stores and compares times as UTC seconds: every rule takes "now" as one of these,
/// so the domain never reads the wall clock and 72 hours can be replayed in milliseconds.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Seconds since the Unix epoch, UTC.
  public var secondsSinceEpoch: Int64

  /// Creates a timestamp from seconds since the Unix epoch.
  public init(secondsSinceEpoch: Int64) {
    self.secondsSinceEpoch = secondsSinceEpoch
  }

  /// Creates a timestamp from a UTC calendar date and time of day; nil if a field is out of range.
  public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
      (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
    else { return nil }
    let days = Self.daysFromCivil(year: year, month: month, day: day)
    self.secondsSinceEpoch =
      days * 86_400 + Int64(hour) * 3_600 + Int64(minute) * 60 + Int64(second)
  }

  /// Orders times chronologically.
  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
    lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
  }

  /// The time `duration` later (earlier when negative).
  public func adding(_ duration: Duration) -> Timestamp {
    Timestamp(secondsSinceEpoch: secondsSinceEpoch + duration.seconds)
  }

  /// The signed duration from `other` to this time.
  public func duration(since other: Timestamp) -> Duration {
    Duration(seconds: secondsSinceEpoch - other.secondsSinceEpoch)
  }

  /// The UTC calendar fields of this time.
  public var utc: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
    let days = Self.floorDiv(secondsSinceEpoch, 86_400)
    let secondOfDay = Int(secondsSinceEpoch - days * 86_400)
    let (year, month, day) = Self.civilFromDays(days)
    return (year, month, day, secondOfDay / 3_600, secondOfDay % 3_600 / 60, secondOfDay % 60)
  }

  /// ISO 8601 in UTC, e.g. `2025-11-09T14:05:00Z`: the form every output uses.
  public var iso8601: String {
    let f = utc
    return "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day))T"
      + "\(pad(f.hour)):\(pad(f.minute)):\(pad(f.second))Z"
  }

  /// The UTC date, e.g. `2025-11-09`.
  public var dateString: String {
    let f = utc
    return "\(pad(f.year, 4))-\(pad(f.month))-\(pad(f.day))"
  }

  /// The UTC time of day, e.g. `14:05`.
  public var timeOfDayString: String {
    let f = utc
    return "\(pad(f.hour)):\(pad(f.minute))"
  }

  /// The ISO 8601 UTC form.
  public var description: String { iso8601 }

  // MARK: Calendar arithmetic (proleptic Gregorian, after H. Hinnant's civil algorithms)

  static func isLeap(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
  }

  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = floorDiv(y, 400)
    let yoe = y - era * 400
    let m = Int64(month)
    let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  static func civilFromDays(_ days: Int64) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = floorDiv(z, 146_097)
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return (Int(year), Int(month), Int(day))
  }
}

/// Zero-pads a non-negative number to `width` digits.
func pad(_ value: Int, _ width: Int = 2) -> String {
  let digits = String(value)
  return digits.count >= width
    ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// A signed span of time in whole seconds.
public struct Duration: Hashable, Comparable, Sendable {
  /// The length in seconds; negative spans point into the past.
  public var seconds: Int64

  /// Creates a duration of `seconds`.
  public init(seconds: Int64) { self.seconds = seconds }

  /// A duration of whole minutes.
  public static func minutes(_ minutes: Int) -> Duration { Duration(seconds: Int64(minutes) * 60) }

  /// A duration of whole hours.
  public static func hours(_ hours: Int) -> Duration { Duration(seconds: Int64(hours) * 3_600) }

  /// Orders durations by length.
  public static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.seconds < rhs.seconds }

  /// Parses `6h30m`, `15m`, `2d`, `90s`, `1h30m15s`: units in descending order, each once.
  /// - Returns: nil when the text is not such a duration.
  public init?(compact text: Substring) {
    guard !text.isEmpty else { return nil }
    let units: [(Character, Int64)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
    var total: Int64 = 0
    var unitIndex = 0
    var digits = ""
    for character in text {
      if character.isASCII, character.isNumber {
        digits.append(character)
        guard digits.count <= 9 else { return nil }
        continue
      }
      guard !digits.isEmpty, let value = Int64(digits),
        let found = units[unitIndex...].firstIndex(where: { $0.0 == character })
      else { return nil }
      total += value * units[found].1
      unitIndex = found + 1
      digits = ""
    }
    guard digits.isEmpty else { return nil }
    self.seconds = total
  }

  /// The offset form used in timelines: `T+01:30`, `T+25:00`, `T-00:15` (hours:minutes).
  public var offsetString: String {
    let sign = seconds < 0 ? "-" : "+"
    let magnitude = seconds < 0 ? -seconds : seconds
    let minutes = magnitude / 60
    return "T\(sign)\(pad(Int(minutes / 60))):\(pad(Int(minutes % 60)))"
  }

  /// A short human form: `1h15m`, `7m`, `45s`, `0s`.
  public var compactString: String {
    if seconds == 0 { return "0s" }
    let sign = seconds < 0 ? "-" : ""
    var rest = seconds < 0 ? -seconds : seconds
    var parts = ""
    for (unit, size) in [("d", Int64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size
    {
      parts += "\(rest / size)\(unit)"
      rest %= size
    }
    return sign + parts
  }
}
