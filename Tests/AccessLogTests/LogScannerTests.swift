import AccessLog
import Testing
import WindowModel

@Suite struct LogScannerTests {
  let runbook: Runbook
  let start = Timestamp(secondsSinceEpoch: 1_762_696_800)  // 2025-11-09T14:00:00Z

  init() throws { runbook = try Runbook.load(json: Runbook.defaultJSON) }

  func scan(_ text: String, format: LogFormat = .default, hours: Int = 72) -> (
    LogScanner, ScanTotals
  ) {
    let scanner = LogScanner(format: format, runbook: runbook, windowStart: start, hours: hours)
    var totals = scanner.makeTotals()
    var bytes = Array(text.utf8)
    bytes.withUnsafeMutableBytes { scanner.scan(UnsafeRawBufferPointer($0), into: &totals) }
    return (scanner, totals)
  }

  func index(_ id: String) -> Int { runbook.metrics.firstIndex { $0.id.rawValue == id } ?? -1 }

  @Test func readsTheCombinedFormatWithAndWithoutRequestTime() {
    let (_, totals) = scan(
      """
      1.2.3.4 - - [09/Nov/2025:14:05:00 +0000] "GET /auth/cookie/me HTTP/1.1" 200 5 "-" "curl/8" 0.120
      1.2.3.4 - bob [09/Nov/2025:14:06:00 +0000] "GET /auth/cookie/me HTTP/1.1" 503 5 "-" "curl/8"

      """)
    #expect(totals.lines == 2)
    #expect(totals.inWindow == 2)
    #expect(totals.malformed == 0)
    #expect(
      totals.counts(hour: 0, metric: index("me_success_rate")) == RequestCounts(matched: 2, hits: 1)
    )
    #expect(
      totals.counts(hour: 0, metric: index("server_error_rate"))
        == RequestCounts(matched: 2, hits: 1))
  }

  @Test func bucketsByWindowHourAcrossTimeZones() {
    let (_, totals) = scan(
      """
      a - - [09/Nov/2025:23:59:59 +0900] "GET /x HTTP/1.1" 200 1 "-" "-" 0.1
      a - - [10/Nov/2025:00:00:00 +0900] "GET /x HTTP/1.1" 200 1 "-" "-" 0.1
      a - - [09/Nov/2025:09:30:00 -0500] "GET /x HTTP/1.1" 200 1 "-" "-" 0.1
      a - - [09/Nov/2025:13:59:59 +0000] "GET /x HTTP/1.1" 200 1 "-" "-" 0.1
      a - - [12/Nov/2025:14:00:00 +0000] "GET /x HTTP/1.1" 200 1 "-" "-" 0.1

      """)
    let all = index("server_error_rate")
    #expect(totals.counts(hour: 0, metric: all).matched == 2)  // 14:59:59Z and 14:30Z
    #expect(totals.counts(hour: 1, metric: all).matched == 1)  // 15:00:00Z
    #expect(totals.outside == 2)
    #expect(totals.inWindow == 3)
  }

  @Test func selectorsMatchMethodPathAndStatusesOnly() {
    let (_, totals) = scan(
      """
      a - - [09/Nov/2025:14:00:00 +0000] "GET /auth/cookie/me/extra HTTP/1.1" 200 1 "-" "-" 0.1
      a - - [09/Nov/2025:14:00:00 +0000] "POST /auth/cookie/me HTTP/1.1" 200 1 "-" "-" 0.1
      a - - [09/Nov/2025:14:00:00 +0000] "GET /admin/enrollments?status=pending HTTP/1.1" 200 1 "-" "-" 0.1
      a - - [09/Nov/2025:14:00:00 +0000] "POST /enrollments?x=1 HTTP/1.1" 409 1 "-" "-" 0.1
      a - - [09/Nov/2025:14:00:00 +0000] "PATCH /admin/enrollments/7/approve HTTP/1.1" 500 1 "-" "-" 0.1
      a - - [09/Nov/2025:14:00:00 +0000] "PATCH /admin/enrollments//approve HTTP/1.1" 200 1 "-" "-" 0.1

      """)
    #expect(totals.counts(hour: 0, metric: index("me_success_rate")).matched == 0)
    #expect(
      totals.counts(hour: 0, metric: index("enrollment_conflict_rate"))
        == RequestCounts(matched: 1, hits: 1))
    #expect(
      totals.counts(hour: 0, metric: index("admin_approval_success_rate"))
        == RequestCounts(matched: 1, hits: 0))
    #expect(
      totals.counts(hour: 0, metric: index("admin_approval_failures"))
        == RequestCounts(matched: 1, hits: 1))
    #expect(
      totals.counts(hour: 0, metric: index("server_error_rate"))
        == RequestCounts(matched: 6, hits: 1))
  }

  @Test func oddLinesRealNginxWrites() {
    let (scanner, totals) = scan(
      """
      a - - [09/Nov/2025:14:00:00 +0000] "" 400 0 "-" "-" 0.000
      a - - [09/Nov/2025:14:00:00 +0000] "GET /auth/cookie/me HTTP/1.1" 200 1 "-" "Agent \\x22quoted\\x22" -
      a - - [09/Nov/2025:14:00:00 +0000] "GET /auth/cookie/me HTTP/1.1" 200 1 "-" "-" 0.250\r
      a - - [09/Nov/2025:14:00:00 +0000] "GET /auth/cook
      not a log line at all
      a - - [09/Nov/2025:14:00:00 +0000] "GET / HTTP/1.1" 2000 1 "-" "-" 0.1
      a - - [31/Foo/2025:14:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "-" 0.1

      """)
    #expect(totals.lines == 7)
    #expect(totals.malformed == 4)
    #expect(totals.malformedLines == [3, 4, 5, 6])
    #expect(totals.statusCounts[400] == 1)
    #expect(totals.statusCounts[200] == 2)
    #expect(totals.counts(hour: 0, metric: index("server_error_rate")).matched == 3)
    #expect(
      totals.counts(hour: 0, metric: index("me_success_rate")) == RequestCounts(matched: 2, hits: 2)
    )
    let p95 = scanner.histogram(totals, hour: 0, metric: index("me_response_time_ms"))?.percentile(
      95)
    #expect(p95.map { abs($0 - 250) <= 2.5 } == true)
  }

  @Test func aCustomLogFormatInNginxSyntax() throws {
    let format = try LogFormat(
      parsing:
        #"$time_iso8601 $request_method $request_uri $status $request_time "$http_user_agent""#)
    let (_, totals) = scan(
      """
      2025-11-09T15:10:00+00:00 GET /auth/cookie/me?x=1 200 0.050 "curl"
      2025-11-10T00:20:00+09:00 GET /auth/cookie/me 500 0.070 "curl"
      2025-11-09T15:10:00+00:00 GET

      """, format: format)
    #expect(totals.malformed == 1)
    #expect(
      totals.counts(hour: 1, metric: index("me_success_rate")) == RequestCounts(matched: 2, hits: 1)
    )
  }

  @Test(arguments: [
    (
      "$remote_addr $request",
      "the log format has no a time: $time_local, $time_iso8601 or $msec; p0watch needs it to bucket and judge requests"
    ),
    (
      "$time_local $request",
      "the log format has no $status; p0watch needs it to bucket and judge requests"
    ),
    (
      "$time_local$status $request",
      "invalid log format: variables $status and the one before it have no text between them"
    ),
  ])
  func unusableFormatsAreRefused(text: String, message: String) {
    #expect(throws: LogFormatError.self) { try LogFormat(parsing: text) }
    do { _ = try LogFormat(parsing: text) } catch { #expect(error.description == message) }
  }

  @Test func partsScannedSeparatelyMergeToTheWhole() {
    let lines = (0..<50).map { i in
      "a - - [09/Nov/2025:\(14 + i % 3):0\(i % 10):00 +0000] \"GET /auth/cookie/me HTTP/1.1\" \(i % 7 == 0 ? 500 : 200) 1 \"-\" \"-\" 0.\(100 + i)\n"
    }
    let whole = scan(lines.joined()).1
    var merged = scan(lines[0..<20].joined()).1
    merged.merge(scan(lines[20...].joined()).1)
    #expect(merged.lines == whole.lines)
    #expect(merged.statusCounts == whole.statusCounts)
    #expect(merged.matched == whole.matched)
    #expect(merged.hits == whole.hits)
  }
}
