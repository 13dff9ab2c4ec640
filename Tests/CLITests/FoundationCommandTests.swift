import Foundation
import Testing

@Suite struct WindowAndTimelineTests {
  let sandbox: Sandbox
  init() throws { sandbox = try Sandbox() }

  /// A window at T with notes at T+1h and T+25h, as the issue describes.
  func writeScenario() throws {
    try sandbox.startWindow("--as", "alice")
    #expect(
      try sandbox.run("note", "deploy looks fine", "--now", "T+1h", "--as", "bob").status == 0)
    #expect(
      try sandbox.run("note", "users report slow /me", "--tag", "feedback", "--now", "T+25h").status
        == 0)
  }

  @Test func timelineAsJSON() throws {
    try writeScenario()
    let events = try sandbox.run("timeline", "--format", "json", "--now", "T+30h").objects()
    #expect(events.map { $0["offset"] as? String } == ["T+00:00", "T+01:00", "T+25:00"])
    #expect(
      events.map { $0["at"] as? String } == [
        "2025-11-09T14:00:00Z", "2025-11-09T15:00:00Z", "2025-11-10T15:00:00Z",
      ])
    #expect(events.map { $0["actor"] as? String } == ["alice", "bob", "oncall"])
    #expect(events.map { $0["kind"] as? String } == ["window.start", "note", "note"])
    #expect(events.map { $0["id"] as? Int } == [1, 2, 3])
    #expect(events[1]["text"] as? String == "deploy looks fine")
    #expect(events[2]["tag"] as? String == "feedback")
    #expect(events.allSatisfy { $0.keys.contains("incident_id") && $0["incident_id"] is NSNull })
    // --json is the same document as --format json.
    #expect(
      try sandbox.run("timeline", "--json").stdout
        == sandbox.run("timeline", "--format", "json").stdout)
  }

  @Test func timelineAsCSV() throws {
    try writeScenario()
    let run = try sandbox.run("timeline", "--format", "csv")
    #expect(run.status == 0)
    #expect(
      run.stdout == """
        id,at,offset,actor,kind,text,incident_id,tag\r
        1,2025-11-09T14:00:00Z,T+00:00,alice,window.start,"Window 1 started for v2.0.0-p0: 72 hours, built-in runbook",,\r
        2,2025-11-09T15:00:00Z,T+01:00,bob,note,deploy looks fine,,\r
        3,2025-11-10T15:00:00Z,T+25:00,oncall,note,users report slow /me,,feedback\r

        """)
  }

  @Test func timelineAsMarkdown() throws {
    try writeScenario()
    let run = try sandbox.run("timeline", "--format", "md")
    #expect(
      run.stdout == """
        # Timeline — window 1, v2.0.0-p0

        Started 2025-11-09T14:00:00Z; times in UTC.

        | Time (UTC) | Offset | Actor | Kind | Text |
        |---|---|---|---|---|
        | 2025-11-09T14:00:00Z | T+00:00 | alice | window.start | Window 1 started for v2.0.0-p0: 72 hours, built-in runbook |
        | 2025-11-09T15:00:00Z | T+01:00 | bob | note | deploy looks fine |
        | 2025-11-10T15:00:00Z | T+25:00 | oncall | note | users report slow /me [feedback] |

        """)
  }

  @Test func timelineRangeUsesWindowOffsets() throws {
    try writeScenario()
    let run = try sandbox.run("timeline", "--from", "T+30m", "--to", "T+2h", "--json")
    #expect(try run.objects().map { $0["offset"] as? String } == ["T+01:00"])
    let backwards = try sandbox.run("timeline", "--from", "T+2h", "--to", "T+1h")
    #expect(backwards.status == 64)
    #expect(
      backwards.stderr.contains(
        "'--to' (2025-11-09T15:00:00Z) is before '--from' (2025-11-09T16:00:00Z)"))
  }

  @Test func aNoteWithCommaQuoteAndNewlineRoundTripsThroughPythonCSV() throws {
    try sandbox.startWindow()
    let text = "cookie flags, \"SameSite\" wrong\nsecond line"
    #expect(try sandbox.run("note", text, "--now", "T+2h").status == 0)
    let csv = try sandbox.run("timeline", "--format", "csv").stdout
    let python = try sandbox.external(
      [
        "python3", "-c",
        "import csv,sys,json; rows=list(csv.DictReader(sys.stdin, strict=True)); print(json.dumps([r['text'] for r in rows]))",
      ],
      stdin: csv)
    #expect(python.status == 0, "\(python.stderr)")
    let texts = try JSONSerialization.jsonObject(with: Data(python.stdout.utf8)) as? [String]
    #expect(texts?.last == text)
  }

  @Test func markdownCellsEscapePipesAndNewlines() throws {
    try sandbox.startWindow()
    try sandbox.run("note", "a | b\nc", "--now", "T+1h")
    let lines = try sandbox.run("timeline", "--format", "md").stdout.split(separator: "\n")
    #expect(lines.last == "| 2025-11-09T15:00:00Z | T+01:00 | oncall | note | a \\| b<br>c |")
  }

  @Test func statusAtSevenHours() throws {
    try sandbox.startWindow()
    let text = try sandbox.run("status", "--now", "T+7h")
    #expect(text.status == 0)
    #expect(
      text.stdout.hasPrefix(
        "Window 1 · v2.0.0-p0 · hour 7 of 72 · phase high (High Priority, hours 6–24)\n"))
    let json = try sandbox.run("status", "--now", "T+7h", "--json").object()
    #expect(json["window_id"] as? Int == 1)
    #expect(json["release"] as? String == "v2.0.0-p0")
    #expect(json["hour"] as? Int == 7)
    #expect(json["hours"] as? Int == 72)
    #expect(json["phase"] as? String == "high")
  }

  @Test func environmentVariablesStandInForOptions() throws {
    sandbox.environment["P0WATCH_NOW"] = "2025-11-09T14:00:00Z"
    sandbox.environment["P0WATCH_USER"] = "carol"
    #expect(try sandbox.run("window", "start").status == 0)
    sandbox.environment["P0WATCH_NOW"] = "T+30h"
    let status = try sandbox.run("status", "--json").object()
    #expect(status["phase"] as? String == "standard")
    try sandbox.run("note", "by option", "--as", "dave")
    let events = try sandbox.run("timeline", "--json").objects()
    #expect(events.map { $0["actor"] as? String } == ["carol", "dave"])
    #expect(events.map { $0["offset"] as? String } == ["T+00:00", "T+30:00"])
  }

  @Test func windowsListShowAndClose() throws {
    try sandbox.startWindow("--release", "v2.0.1", "--hours", "96")
    let list = try sandbox.run("window", "list", "--now", "T+3h", "--json").objects()
    #expect(list.count == 1)
    #expect(list[0]["release"] as? String == "v2.0.1")
    #expect(list[0]["hours"] as? Int == 96)
    #expect(list[0]["hour"] as? Int == 3)
    #expect(list[0]["ends_at"] as? String == "2025-11-13T14:00:00Z")
    let again = try sandbox.run(
      "window", "start", "--release", "v2.0.1", "--now", "2025-11-09T15:00:00Z")
    #expect(again.status == 65)
    #expect(again.stderr.contains("window 1 for v2.0.1 is already active"))
    let close = try sandbox.run("window", "close", "--now", "T+96h")
    #expect(close.status == 0)
    #expect(close.stdout.hasPrefix("Closed window 1 (v2.0.1) at 2025-11-13T14:00:00Z\n"))
    let shown = try sandbox.run("window", "show", "--window", "1", "--json").object()
    #expect(shown["state"] as? String == "closed")
    #expect(shown["closed_at"] as? String == "2025-11-13T14:00:00Z")
    #expect(shown["events"] as? Int == 3)  // start, close, verdict
    // Reading commands fall back to the most recent closed window; writing ones need an active one.
    let closedStatus = try sandbox.run("status", "--json")
    #expect(try closedStatus.object()["state"] as? String == "closed")
    let noActive = try sandbox.run("note", "after the end")
    #expect(noActive.status == 65)
    #expect(noActive.stderr.contains("no active monitoring window"))
    let unknown = try sandbox.run("status", "--window", "7")
    #expect(unknown.status == 65)
    #expect(unknown.stderr == "Error: no window 7; windows: 1\n")
  }

  @Test func aNoteCannotBeDatedInTheFuture() throws {
    try sandbox.startWindow()
    let run = try sandbox.run("note", "later", "--at", "T+2h", "--now", "T+1h")
    #expect(run.status == 65)
    #expect(try sandbox.run("timeline", "--json").objects().count == 1)
  }
}

@Suite struct RunbookCommandTests {
  let sandbox: Sandbox
  init() throws { sandbox = try Sandbox() }

  @Test func showAsJSONHoldsTheWholeSeed() throws {
    let runbook = try sandbox.run("runbook", "show", "--json").object()
    let metrics = try #require(runbook["metrics"] as? [[String: Any]])
    #expect(metrics.count == 11)
    let conditions = try #require(runbook["alert_conditions"] as? [[String: Any]])
    #expect(conditions.count == 10)
    #expect(conditions.filter { $0["severity"] as? String == "critical" }.count == 5)
    let phases = try #require(runbook["checklist"] as? [[String: Any]])
    #expect(phases.count == 3)
    #expect(phases.map { ($0["items"] as? [Any])?.count } == [7, 6, 5])
    let contacts = try #require(runbook["escalation_contacts"] as? [[String: Any]])
    #expect(contacts.map { $0["response_minutes"] as? Int } == [15, 30, 30, 60])
    let actions = try #require(runbook["post_monitoring_actions"] as? [String: [String]])
    #expect(actions["on_success"]?.count == 5)
    #expect(actions["on_issues"]?.count == 5)
    #expect((runbook["troubleshooting"] as? [Any])?.count == 4)
  }

  @Test func showAsTextIsReadable() throws {
    let run = try sandbox.run("runbook", "show")
    #expect(run.status == 0)
    #expect(run.stdout.contains("Release v2.0.0-p0 — P0 User Refactor"))
    #expect(
      run.stdout.contains("  critical        Critical (5xx > 1%)       Platform Team Lead  15 min"))
    #expect(
      run.stdout.contains("    - Prepare post-deployment report [post_deployment_report, once]"))
  }

  @Test func validateAcceptsTheSeed() throws {
    let run = try sandbox.run(
      "runbook", "validate", repositoryRoot.appendingPathComponent("runbook.json").path)
    #expect(run.status == 0)
    #expect(
      run.stdout.hasSuffix(
        "runbook.json: valid — 11 metrics, 10 alert conditions, 18 checklist items in 3 phases, 4 escalation contacts, 10 post-monitoring actions, 4 troubleshooting entries\n"
      ))
  }

  @Test func validateNamesEveryBadField() throws {
    var text = try String(
      contentsOf: repositoryRoot.appendingPathComponent("runbook.json"), encoding: .utf8)
    text = text.replacingOccurrences(
      of: "\"target\": \"<= 5\",\n      \"alert_threshold\": \"> 10\"",
      with: "\"target\": \"5\",\n      \"alert_threshold\": \"> 10\"")
    text = text.replacingOccurrences(
      of: "\"rule\": \"server_error_rate > 1\"", with: "\"rule\": \"server_errors > 1\"")
    try text.write(toFile: sandbox.path("bad.json"), atomically: true, encoding: .utf8)
    let run = try sandbox.run("runbook", "validate", "bad.json")
    #expect(run.status == 65)
    let lines = run.stderr.split(separator: "\n").map(String.init)
    #expect(
      lines.contains(
        "bad.json: metrics[3].target: expected a comparator and a number like \">= 99.5\", got \"5\""
      ))
    #expect(
      lines.contains {
        $0.hasPrefix(
          "bad.json: alert_conditions[0].rule: unknown metric \"server_errors\"; known metrics: me_success_rate,"
        )
      })
    #expect(run.stdout.isEmpty)
  }

  @Test func validateReportsMalformedJSONWithLineAndColumn() throws {
    try "{\n  \"format\": 1,\n  \"title\" \"x\"\n}\n".write(
      toFile: sandbox.path("broken.json"), atomically: true, encoding: .utf8)
    let run = try sandbox.run("runbook", "validate", "broken.json")
    #expect(run.status == 65)
    #expect(
      run.stderr.hasPrefix(
        "broken.json:3:11: error: malformed JSON: expected ':' after the key \"title\", found '\"'\n"
      ))
  }

  @Test func validateOfAMissingFileExits66() throws {
    let run = try sandbox.run("runbook", "validate", "nope.json")
    #expect(run.status == 66)
    #expect(run.stderr == "Error: cannot read nope.json: No such file or directory\n")
  }

  @Test func aRunbookInTheWorkingDirectoryIsUsedAndPinnedToTheWindow() throws {
    var text = try String(
      contentsOf: repositoryRoot.appendingPathComponent("runbook.json"), encoding: .utf8)
    text = text.replacingOccurrences(
      of: "\"version\": \"v2.0.0-p0\"", with: "\"version\": \"v3.1.0\"")
    try text.write(toFile: sandbox.path("runbook.json"), atomically: true, encoding: .utf8)
    try sandbox.startWindow()
    // Editing the file afterwards does not change the running window.
    try "not json".write(toFile: sandbox.path("runbook.json"), atomically: true, encoding: .utf8)
    let status = try sandbox.run("status", "--json", "--now", "T+1h")
    #expect(status.status == 0)
    #expect(try status.object()["release"] as? String == "v3.1.0")
  }
}

@Suite struct CommandLineContractTests {
  let sandbox: Sandbox
  init() throws { sandbox = try Sandbox() }

  @Test func helpGoesToStdoutWithExitZero() throws {
    let overview = try sandbox.run("--help")
    #expect(overview.status == 0)
    #expect(overview.stdout.contains("Usage: p0watch <command> [options]"))
    #expect(overview.stdout.contains("  window start"))
    let note = try sandbox.run("note", "--help")
    #expect(note.status == 0)
    #expect(
      note.stdout.contains("Usage: p0watch note TEXT [--tag TAG] [--at TIME] [--incident ID]"))
    #expect(try sandbox.run("help", "timeline").stdout.contains("--format FORMAT"))
  }

  @Test(
    arguments: [
      (
        ["frobnicate"],
        "Error: Unknown command 'frobnicate'\nUsage: p0watch <command> [options]\n  See 'p0watch --help' for more information.\n"
      ),
      (
        ["stauts"],
        "Error: Unknown command 'stauts'. Did you mean 'status'?\nUsage: p0watch <command> [options]\n  See 'p0watch --help' for more information.\n"
      ),
      (
        ["timeline", "--fromm", "T+1h"],
        "Error: Unknown option '--fromm'. Did you mean '--from'?\nUsage: p0watch <command> [options]\n  See 'p0watch --help' for more information.\n"
      ),
      (
        ["note"],
        "Error: Missing argument for 'note'\nUsage: p0watch note TEXT [--tag TAG] [--at TIME] [--incident ID]\n  See 'p0watch note --help' for more information.\n"
      ),
      (
        ["note", "x", "--tag"],
        "Error: Missing value for '--tag <TAG>'\nUsage: p0watch <command> [options]\n  See 'p0watch --help' for more information.\n"
      ),
      (
        ["window", "start", "--hours", "lots"],
        "Error: Invalid value 'lots' for '--hours': expected a whole number from 1 to 8784\nUsage: p0watch window start [--release V] [--at TIME] [--hours N]\n  See 'p0watch window start --help' for more information.\n"
      ),
      (
        ["window", "open"],
        "Error: Unknown subcommand 'open' for 'window'; expected one of: start, list, show, close\nUsage: p0watch window start [--release V] [--at TIME] [--hours N]\n  See 'p0watch window start --help' for more information.\n"
      ),
      (
        ["timeline", "--format", "xml"],
        "Error: Invalid value 'xml' for '--format': expected one of text, md, json, csv\nUsage: p0watch timeline [--from TIME] [--to TIME] [--incident ID] [--format text|md|json|csv]\n  See 'p0watch timeline --help' for more information.\n"
      ),
      (
        ["status", "--tag", "x"],
        "Error: Unknown option '--tag' for 'status'\nUsage: p0watch status\n  See 'p0watch status --help' for more information.\n"
      ),
    ] as [([String], String)])
  func usageErrorsExit64WithTheUsage(arguments: [String], stderr: String) throws {
    let run = try sandbox.run(arguments: arguments)
    #expect(run.status == 64)
    #expect(run.stderr == stderr)
    #expect(run.stdout.isEmpty)
  }

  @Test func aBadTimeIsAUsageError() throws {
    let run = try sandbox.run("window", "start", "--now", "yesterday")
    #expect(run.status == 64)
    #expect(
      run.stderr.hasPrefix(
        "Error: Invalid value for '--now': invalid time \"yesterday\": expected ISO 8601"))
    #expect(!FileManager.default.fileExists(atPath: sandbox.database))
  }

  @Test func readingCommandsDoNotCreateADatabase() throws {
    let run = try sandbox.run("status")
    #expect(run.status == 66)
    #expect(
      run.stderr
        == "Error: no database at \(sandbox.database); start a window with 'p0watch window start' or pass --db PATH\n"
    )
    #expect(!FileManager.default.fileExists(atPath: sandbox.database))
  }

  @Test func aFileThatIsNotADatabaseExits74() throws {
    try String(repeating: "not a database\n", count: 300).write(
      toFile: sandbox.database, atomically: true, encoding: .utf8)
    let run = try sandbox.run("status")
    #expect(run.status == 74)
    #expect(
      run.stderr
        == "Error: \(sandbox.database) is not a p0watch database (not a SQLite file); pass --db with the right path\n"
    )
  }

  @Test func aDatabaseFromANewerP0watchIsRefusedAndUntouched() throws {
    try sandbox.startWindow()
    #expect(
      try sandbox.external(["sqlite3", sandbox.database, "PRAGMA user_version = 42"]).status == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: sandbox.database))
    let run = try sandbox.run("note", "hello")
    #expect(run.status == 74)
    #expect(
      run.stderr.contains(
        "written by a newer p0watch (schema version 42; this build knows up to "))
    #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.database)) == before)
  }

  @Test func aFolderThatDoesNotExistExits73() throws {
    let run = try sandbox.run("window", "start", "--db", sandbox.path("missing/dir/p0.db"))
    #expect(run.status == 73)
  }

  @Test func fourProcessesAppendingAtOnceLoseNothing() throws {
    try sandbox.startWindow()
    let script = """
      ok=0
      for i in $(seq 1 100); do
        "$P0WATCH_BIN_UNDER_TEST" note "writer $1 note $i" --now T+1h >/dev/null || ok=1
      done
      exit $ok
      """
    var processes: [Process] = []
    for writer in 1...4 {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/bin/bash")
      process.arguments = ["-c", script, "writer", String(writer)]
      var environment = sandbox.environment
      environment["P0WATCH_BIN_UNDER_TEST"] = binary.path
      process.environment = environment
      process.standardError = FileHandle.nullDevice
      try process.run()
      processes.append(process)
    }
    for process in processes { process.waitUntilExit() }
    #expect(processes.map(\.terminationStatus) == [0, 0, 0, 0])
    let events = try sandbox.run("timeline", "--json").objects()
    let notes = events.filter { $0["kind"] as? String == "note" }
    #expect(notes.count == 400)
    #expect(Set(notes.compactMap { $0["text"] as? String }).count == 400)
  }

  @Test func controlSequencesFromUsersAreNotPrinted() throws {
    try sandbox.startWindow()
    try sandbox.run("note", "evil \u{1B}[31mred\u{1B}[0m \u{07}bell", "--now", "T+1h")
    let text = try sandbox.run("timeline").stdout
    #expect(!text.contains("\u{1B}"))
    #expect(!text.contains("\u{07}"))
    #expect(text.contains("evil red bell"))
    // JSON keeps the data, escaped.
    #expect(try sandbox.run("timeline", "--json").stdout.contains("\\u001b[31mred"))
  }
}
