import Foundation
import Testing

/// Whether a JSON number equals `expected` up to floating-point rounding.
func close(_ value: Any?, _ expected: Double) -> Bool {
  guard let number = value as? Double else { return false }
  return abs(number - expected) <= 1e-9 * max(1, abs(expected))
}

@Suite struct IngestCommandTests {
  let sandbox: Sandbox
  let sample = repositoryRoot.appendingPathComponent("Tests/Fixtures/access-sample.log")

  init() throws {
    sandbox = try Sandbox()
    try sandbox.startWindow()
  }

  func ingest(_ files: String..., now: String = "T+2h", environment: [String: String] = [:]) throws
    -> Run
  {
    let saved = sandbox.environment
    defer { sandbox.environment = saved }
    sandbox.environment.merge(environment) { $1 }
    return try sandbox.run(arguments: ["ingest", "nginx"] + files + ["--json", "--now", now])
  }

  func metrics() throws -> [String: [String: Any]] {
    let list = try sandbox.run("metric", "list", "--json", "--now", "T+2h").objects()
    return Dictionary(
      uniqueKeysWithValues: list.compactMap { item in (item["id"] as? String).map { ($0, item) } })
  }

  /// Hand-computed from Tests/Fixtures/access-sample.log (see the comments there in the test).
  @Test func theSampleLogGivesTheHandComputedFigures() throws {
    let run = try ingest(sample.path)
    #expect(run.status == 0, "\(run.stderr)")
    let summary = try run.object()
    #expect(summary["lines"] as? Int == 22)
    #expect(summary["in_window"] as? Int == 19)
    #expect(summary["outside"] as? Int == 1)
    #expect(summary["malformed"] as? Int == 2)
    #expect(
      (summary["malformed_lines"] as? [[String: Any]])?.map { $0["line"] as? Int } == [17, 18])
    #expect(
      summary["status_counts"] as? [String: Int] == [
        "200": 10, "201": 2, "400": 1, "401": 1, "409": 2, "422": 1, "429": 1, "500": 1, "503": 1,
      ])
    let byID = Dictionary(
      uniqueKeysWithValues: try #require(summary["metrics"] as? [[String: Any]]).map {
        ($0["id"] as? String ?? "", $0)
      })
    // GET /auth/cookie/me: hour 0 has 5 requests (3 are 2xx), hour 1 has 2 (both 2xx).
    #expect(byID["me_success_rate"]?["requests"] as? Int == 7)
    #expect(byID["me_success_rate"]?["hits"] as? Int == 5)
    #expect(close(byID["me_success_rate"]?["window_value"], 5.0 / 7.0 * 100))
    let meHours = byID["me_success_rate"]?["hours"] as? [[String: Any]]
    #expect(meHours?.map { $0["value"] as? Double } == [60, 100])
    #expect(byID["login_success_rate"]?["window_value"] as? Double == 50)
    #expect(byID["enrollment_created_rate"]?["window_value"] as? Double == 50)
    #expect(byID["enrollment_conflict_rate"]?["window_value"] as? Double == 25)
    #expect(byID["validation_error_rate"]?["window_value"] as? Double == 25)
    #expect(byID["admin_approval_success_rate"]?["window_value"] as? Double == 50)
    #expect(byID["admin_approval_failures"]?["window_value"] as? Double == 1)
    #expect(byID["rate_limited_requests"]?["window_value"] as? Double == 1)
    // 5xx among all 19 in-window requests: the 500 in hour 0 (of 16) and the 503 in hour 1 (of 3).
    #expect(close(byID["server_error_rate"]?["window_value"], 2.0 / 19.0 * 100))
    let serverHours =
      (byID["server_error_rate"]?["hours"] as? [[String: Any]])?.map { $0["value"] } ?? []
    #expect(serverHours.count == 2)
    #expect(close(serverHours.first ?? nil, 1.0 / 16.0 * 100))
    #expect(close(serverHours.last ?? nil, 1.0 / 3.0 * 100))
    // p95 (nearest rank) of /me times: hour 0 {120, 180, 900, 10} → 900; hour 1 {250, 100} → 250.
    let p95 = try #require(byID["me_response_time_ms"]?["hours"] as? [[String: Any]]).compactMap {
      $0["value"] as? Double
    }
    #expect(p95.count == 2)
    #expect(abs(p95[0] - 900) <= 9)
    #expect(abs(p95[1] - 250) <= 2.5)
    // Alert conditions fired as for manual readings: the critical /me, login and 5xx ones paged.
    let incidents = try sandbox.run("incident", "list", "--json").objects()
    #expect(
      incidents.filter { $0["severity"] as? String == "critical" }.compactMap {
        $0["alert"] as? String
      }.sorted() == [
        "login_failures_critical", "me_failures_critical", "server_errors_critical",
      ])
    #expect(try sandbox.run("health", "--now", "T+2h").status == 2)
  }

  @Test func anUnchangedFileIsNotReadAgain() throws {
    _ = try ingest(sample.path)
    let before = try metrics()
    let again = try ingest(sample.path, now: "T+2h05m").object()
    #expect(again["lines"] as? Int == 0)
    let after = try metrics()
    #expect(
      after["me_success_rate"]?["window_value"] as? Double == before["me_success_rate"]?[
        "window_value"] as? Double)
    #expect(try sandbox.run("incident", "list", "--json").objects().count == 8)
  }

  @Test func aGrowingFileIsReadFromWhereItStoppedAndAPartialLineWaits() throws {
    let log = sandbox.path("access.log")
    let line = { (minute: Int, status: Int) in
      "10.0.0.1 - - [09/Nov/2025:14:\(String(format: "%02d", minute)):00 +0000] \"GET /auth/cookie/me HTTP/1.1\" \(status) 5 \"-\" \"curl\" 0.010\n"
    }
    try (line(1, 200) + line(2, 200)).write(toFile: log, atomically: false, encoding: .utf8)
    #expect(try ingest(log).object()["lines"] as? Int == 2)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    try handle.seekToEnd()
    let third = line(3, 500)
    // The last line is cut short.
    try handle.write(contentsOf: Data((line(4, 200) + third.prefix(30)).utf8))
    var summary = try ingest(log).object()
    #expect(summary["lines"] as? Int == 1)
    #expect(summary["malformed"] as? Int == 0)
    try handle.write(contentsOf: Data(third.dropFirst(30).utf8))
    try handle.close()
    summary = try ingest(log).object()
    #expect(summary["lines"] as? Int == 1)
    #expect(summary["status_counts"] as? [String: Int] == ["500": 1])
    #expect(try metrics()["me_success_rate"]?["window_value"] as? Double == 75)
  }

  @Test func rotationIsFollowedWithoutDoubleCounting() throws {
    let log = sandbox.path("access.log")
    let rotated = sandbox.path("access.log.1")
    let line = { (minute: Int, path: String) in
      "10.0.0.1 - - [09/Nov/2025:14:\(String(format: "%02d", minute)):00 +0000] \"GET \(path) HTTP/1.1\" 200 5 \"-\" \"curl\" 0.010\n"
    }
    try (line(1, "/a") + line(2, "/b")).write(toFile: log, atomically: false, encoding: .utf8)
    _ = try ingest(log)
    // More lines land in the old file, then logrotate renames it and nginx opens a new one.
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(line(3, "/c").utf8))
    try handle.close()
    try FileManager.default.moveItem(atPath: log, toPath: rotated)
    try (line(4, "/d") + line(5, "/e")).write(toFile: log, atomically: false, encoding: .utf8)
    let summary = try ingest(rotated, log).object()
    #expect(summary["lines"] as? Int == 3)
    let files = try #require(summary["files"] as? [[String: Any]])
    #expect(files.map { $0["lines"] as? Int } == [1, 2])
    #expect(
      files.map { $0["from_offset"] as? Int }.first == (line(1, "/a") + line(2, "/b")).utf8.count)
    let total = try metrics()["server_error_rate"]?["window_value"]
    #expect(total as? Double == 0)
    let requests = try ingest(log).object()["metrics"] as? [[String: Any]]
    #expect(
      requests?.first { $0["id"] as? String == "server_error_rate" }?["requests"] as? Int == 5)
  }

  @Test func anInterruptedRunEndsWithTheSameTotalsAsAnUninterruptedOne() throws {
    // A log of 3,000 lines over 3 hours, read in batches of about 16 KiB.
    var text = ""
    for i in 0..<3_000 {
      let status = [200, 200, 200, 201, 409, 500][i % 6]
      let path = ["/auth/cookie/me", "/enrollments", "/auth/v2/login"][i % 3]
      let method = path == "/auth/cookie/me" ? "GET" : "POST"
      text +=
        "10.0.\(i % 256).1 - - [09/Nov/2025:\(14 + i / 1_000):\(String(format: "%02d", i % 60)):00 +0000] \"\(method) \(path) HTTP/1.1\" \(status) 5 \"-\" \"curl\" 0.\(String(format: "%03d", i % 1_000))\n"
    }
    let log = sandbox.path("big.log")
    try text.write(toFile: log, atomically: false, encoding: .utf8)
    let other = try Sandbox()
    try other.startWindow()
    let reference = try other.run("ingest", "nginx", log, "--json", "--now", "T+4h").object()

    let small = ["P0WATCH_INGEST_BATCH_BYTES": "16384"]
    let killed = try ingest(
      log, now: "T+4h", environment: small.merging(["P0WATCH_TEST_ABORT_AFTER_BATCHES": "3"]) { $1 }
    )
    #expect(killed.status == 70)
    let resumed = try ingest(log, now: "T+4h", environment: small)
    #expect(resumed.status == 0)
    let finished = try resumed.object()
    #expect((finished["lines"] as? Int ?? 0) < 3_000)
    #expect((finished["lines"] as? Int ?? 0) > 0)
    let mine = try sandbox.run("metric", "list", "--json", "--now", "T+4h").objects()
    let theirs = try other.run("metric", "list", "--json", "--now", "T+4h").objects()
    #expect(
      mine.map { $0["window_value"] as? Double } == theirs.map { $0["window_value"] as? Double })
    #expect(reference["lines"] as? Int == 3_000)
    let mineShown =
      try sandbox.run("metric", "show", "me_success_rate", "--json").object()["hours"]
      as? [[String: Any]]
    let theirsShown =
      try other.run("metric", "show", "me_success_rate", "--json").object()["hours"]
      as? [[String: Any]]
    #expect(
      mineShown?.map { $0["requests"] as? Int } == theirsShown?.map { $0["requests"] as? Int })
    // Every third line is a /me request: i = 0, 3, … 999 in hour 0; 1002 … 1998; 2001 … 2997.
    #expect(mineShown?.map { $0["requests"] as? Int } == [334, 333, 333])
  }

  @Test func twoIngestsOfTheSameFileAtOnceNeverCountALineTwice() throws {
    var text = ""
    for i in 0..<4_000 {
      text +=
        "10.0.0.1 - - [09/Nov/2025:\(14 + i / 2_000):\(String(format: "%02d", i % 60)):00 +0000] \"GET /auth/cookie/me HTTP/1.1\" \(i % 10 == 0 ? 500 : 200) 5 \"-\" \"curl\" 0.010\n"
    }
    let log = sandbox.path("shared.log")
    try text.write(toFile: log, atomically: false, encoding: .utf8)
    let script = """
      P0WATCH_INGEST_BATCH_BYTES=8192 p0watch ingest nginx \(log) --now T+3h >/dev/null 2>&1 & first=$!
      P0WATCH_INGEST_BATCH_BYTES=8192 p0watch ingest nginx \(log) --now T+3h >/dev/null 2>&1 & second=$!
      wait $first; a=$?; wait $second; b=$?
      echo "$a $b"
      """
    let both = try sandbox.external(["bash", "-c", script])
    let codes = both.stdout.split(separator: " ").compactMap {
      Int32($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    #expect(codes.count == 2)
    #expect(codes.allSatisfy { $0 == 0 || $0 == 75 }, "exit codes \(codes)")
    #expect(codes.contains(0))
    // Whatever the interleaving, one more run finishes the file and the totals are exact.
    #expect(try ingest(log, now: "T+3h").status == 0)
    let hours =
      try sandbox.run("metric", "show", "me_success_rate", "--json").object()["hours"]
      as? [[String: Any]]
    #expect(hours?.map { $0["requests"] as? Int } == [2_000, 2_000])
    #expect(try metrics()["me_success_rate"]?["window_value"] as? Double == 90)
  }

  @Test func aMissingFileExits66AndWritesNothing() throws {
    let run = try ingest(sample.path, sandbox.path("nope.log"))
    #expect(run.status == 66)
    #expect(
      run.stderr == "Error: cannot read \(sandbox.path("nope.log")): No such file or directory\n")
    #expect(try sandbox.run("timeline", "--json").objects().count == 1)
  }

  @Test func aCustomFormatIsGivenInNginxSyntax() throws {
    let log = sandbox.path("custom.log")
    try
      "2025-11-09T14:10:00+00:00|GET|/auth/cookie/me|200|0.030\n2025-11-09T14:11:00+00:00|GET|/auth/cookie/me|502|0.031\n"
      .write(toFile: log, atomically: false, encoding: .utf8)
    let run = try sandbox.run(
      "ingest", "nginx", log, "--log-format",
      "$time_iso8601|$request_method|$uri|$status|$request_time", "--json", "--now", "T+1h")
    #expect(try run.object()["in_window"] as? Int == 2)
    #expect(try metrics()["me_success_rate"]?["window_value"] as? Double == 50)
    let bad = try sandbox.run(
      "ingest", "nginx", log, "--log-format", "$remote_addr $status", "--now", "T+1h")
    #expect(bad.status == 64)
  }
}
