import Testing
import WindowModel

@Suite struct TimeTests {
  @Test(
    arguments: [
      ("2025-11-09T14:05:00Z", 1_762_697_100),
      ("2025-11-09T23:05:00+09:00", 1_762_697_100),
      ("2025-11-09T09:05:00-0500", 1_762_697_100),
      ("2025-11-09T14:05Z", 1_762_697_100),
      ("2025-11-09 14:05:00.123Z", 1_762_697_100),
      ("2025-11-09", 1_762_646_400),
      ("2024-02-29T00:00:00Z", 1_709_164_800),
      ("1970-01-01T00:00:00Z", 0),
    ] as [(String, Int64)])
  func parsesISO8601(text: String, seconds: Int64) {
    #expect(ISO8601.parse(text) == Timestamp(secondsSinceEpoch: seconds))
  }

  @Test(arguments: [
    "2025-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2025-11-09T24:00:00Z",
    "2025-11-09T14:05:00+25:00",
    "2025-11-09T14:05:00Zjunk", "09/11/2025", "", "2025-11-9",
  ])
  func rejectsMalformedISO8601(text: String) {
    #expect(ISO8601.parse(text) == nil)
  }

  @Test func formatsUTC() {
    #expect(Timestamp(secondsSinceEpoch: 1_762_697_100).iso8601 == "2025-11-09T14:05:00Z")
    #expect(Timestamp(secondsSinceEpoch: -1).iso8601 == "1969-12-31T23:59:59Z")
    #expect(Timestamp(secondsSinceEpoch: 1_709_164_800 - 1).dateString == "2024-02-28")
  }

  @Test(
    arguments: [("6h30m", 23_400), ("15m", 900), ("2d", 172_800), ("90s", 90), ("1h0m5s", 3_605)]
      as [(String, Int64)])
  func parsesDurations(text: String, seconds: Int64) {
    #expect(Duration(compact: text[...])?.seconds == seconds)
  }

  @Test(arguments: ["", "h", "30m6h", "5", "1.5h", "1hh", "-5m"])
  func rejectsMalformedDurations(text: String) {
    #expect(Duration(compact: text[...]) == nil)
  }

  @Test func offsetsPrintAsHoursAndMinutes() {
    #expect(Duration(seconds: 0).offsetString == "T+00:00")
    #expect(Duration.hours(25).offsetString == "T+25:00")
    #expect(Duration(seconds: 3_600 + 59).offsetString == "T+01:00")
    #expect(Duration.minutes(-15).offsetString == "T-00:15")
    #expect(Duration.hours(100).offsetString == "T+100:00")
  }

  @Test func timeExpressionsResolveAgainstNowAndWindowStart() throws {
    let start = try #require(ISO8601.parse("2025-11-09T14:00:00Z"))
    let now = try #require(ISO8601.parse("2025-11-09T20:00:00Z"))
    #expect(
      try TimeExpression(parsing: "T+6h30m").resolve(now: now, windowStart: start)?.iso8601
        == "2025-11-09T20:30:00Z")
    #expect(
      try TimeExpression(parsing: "-15m").resolve(now: now, windowStart: start)?.iso8601
        == "2025-11-09T19:45:00Z")
    #expect(try TimeExpression(parsing: "now").resolve(now: now, windowStart: nil) == now)
    #expect(
      try TimeExpression(parsing: "2025-11-10T00:00:00+09:00").resolve(now: now, windowStart: nil)?
        .iso8601 == "2025-11-09T15:00:00Z")
    #expect(try TimeExpression(parsing: "T+1h").resolve(now: now, windowStart: nil) == nil)
    #expect(throws: TimeParseError.self) { try TimeExpression(parsing: "yesterday") }
    #expect(throws: TimeParseError.self) { try TimeExpression(parsing: "T+") }
  }
}
