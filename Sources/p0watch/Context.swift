import WindowModel
import WindowStore

/// What every command runs with: resolved global options, the clock reading taken by `main`,
/// and the output buffers. Commands never read the environment or the clock themselves.
final class Context {
  let environment: [String: String]
  let globals: GlobalArguments
  /// The wall clock as `main` read it; used only when no `--now` is given.
  let wallClock: Timestamp
  /// Whether stdout is a terminal (colour only then).
  let stdoutIsTerminal: Bool
  /// Writes a progress line to a terminal's stderr at once; nil when stderr is not a terminal.
  let progress: ((String) -> Void)?
  /// Seconds on a monotonic clock, for progress rates only (never for rules).
  let monotonicSeconds: () -> Double
  private(set) var stdout = ""
  private(set) var stderr = ""

  init(
    environment: [String: String], globals: GlobalArguments, wallClock: Timestamp,
    stdoutIsTerminal: Bool, progress: ((String) -> Void)? = nil,
    monotonicSeconds: @escaping () -> Double = { 0 }
  ) {
    self.environment = environment
    self.globals = globals
    self.wallClock = wallClock
    self.stdoutIsTerminal = stdoutIsTerminal
    self.progress = progress
    self.monotonicSeconds = monotonicSeconds
  }

  // MARK: Output

  /// Writes a line for people to stdout, with terminal control sequences removed: much of what
  /// is printed came from users or logs.
  func out(_ line: String = "") { stdout += Text.sanitized(line) + "\n" }

  /// Writes a line that carries deliberate styling (already sanitized parts, ANSI colour).
  func outStyled(_ line: String) { stdout += line + "\n" }

  /// Writes text to stdout as is.
  func outRaw(_ text: String) { stdout += text }

  /// Writes a line to stderr.
  func err(_ line: String) { stderr += line + "\n" }

  /// Prints one JSON document on stdout.
  func outJSON(_ value: JSONValue) { stdout += value.serialized() + "\n" }

  /// Whether output should be JSON (`--json`).
  var json: Bool { globals.json }

  /// Whether ANSI colour may be used.
  var useColor: Bool { stdoutIsTerminal && environment["NO_COLOR"] == nil }

  // MARK: Options with environment fallbacks

  private func option(_ name: String, env: String) -> String? {
    globals.values[name] ?? environment[env].flatMap { $0.isEmpty ? nil : $0 }
  }

  var databasePath: String { option("db", env: "P0WATCH_DB") ?? "./p0watch.db" }

  /// Who is recorded on events.
  var actor: String {
    option("as", env: "P0WATCH_USER") ?? environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
      ?? "unknown"
  }

  // MARK: Time

  /// The parsed `--now`, if given.
  func nowExpression() throws -> TimeExpression? {
    guard let text = option("now", env: "P0WATCH_NOW") else { return nil }
    do {
      return try TimeExpression(parsing: text)
    } catch {
      throw CLIError.usage("Invalid value for '--now': \(error)", nil)
    }
  }

  /// The current time for a command on `window` (or on no window, e.g. `window start`).
  func now(for window: Window?) throws -> Timestamp {
    guard let expression = try nowExpression() else { return wallClock }
    guard let time = expression.resolve(now: wallClock, windowStart: window?.startedAt) else {
      throw CLIError.usage(
        "'--now' given as an offset from the window start (T+...), but there is no window yet; give an ISO 8601 time",
        nil)
    }
    return time
  }

  /// Resolves a TIME option value (`--at`, `--from`, `--to`) against now and the window.
  func time(_ text: String, option: String, now: Timestamp, window: Window?, spec: CommandSpec)
    throws -> Timestamp
  {
    let expression: TimeExpression
    do {
      expression = try TimeExpression(parsing: text)
    } catch {
      throw CLIError.usage("Invalid value for '--\(option)': \(error)", spec)
    }
    guard let time = expression.resolve(now: now, windowStart: window?.startedAt) else {
      throw CLIError.usage(
        "'--\(option) \(text)' is relative to a window start, but there is no window yet", spec)
    }
    return time
  }

  /// The `--at` of a command that records something that happened: now when absent, never in
  /// the future.
  func pastTime(_ invocation: Invocation, now: Timestamp, window: Window) throws -> Timestamp {
    guard let text = invocation.value("at") else { return now }
    let at = try time(text, option: "at", now: now, window: window, spec: invocation.spec)
    guard at <= now else {
      throw CLIError.data(
        "'--at \(at.iso8601)' is in the future (now is \(now.iso8601)); record what has happened")
    }
    return at
  }

  // MARK: Database and runbook

  /// Opens the database; only commands that start windows create it.
  func openStore(create: Bool = false) throws -> WindowStore {
    try WindowStore(path: databasePath, mode: create ? .createIfMissing : .existingOnly)
  }

  /// The window a command acts on: `--window ID`, else the latest active one.
  func selectWindow(in transaction: Transaction) throws -> Window {
    if let text = option("window", env: "P0WATCH_WINDOW") {
      guard let number = Int64(text), number > 0 else {
        throw CLIError.usage(
          "Invalid value '\(text)' for '--window': expected a window id (see 'p0watch window list')",
          nil)
      }
      guard let window = try transaction.window(WindowID(rawValue: number)) else {
        let ids = try transaction.windows().map { String($0.id.rawValue) }
        throw CLIError.data(
          "no window \(number); "
            + (ids.isEmpty
              ? "no window has been started" : "windows: \(ids.reversed().joined(separator: ", "))")
        )
      }
      return window
    }
    guard let window = try transaction.latestActiveWindow() else {
      throw CLIError.data(
        "no active monitoring window in \(databasePath); start one with 'p0watch window start' or pick one with --window ID"
      )
    }
    return window
  }

  /// The window for commands that also work after close (reports, actions): `--window ID`, else
  /// the latest active one, else the most recently closed one.
  func selectWindowIncludingClosed(in transaction: Transaction) throws -> Window {
    if option("window", env: "P0WATCH_WINDOW") != nil { return try selectWindow(in: transaction) }
    if let active = try transaction.latestActiveWindow() { return active }
    guard let latest = try transaction.windows().first else {
      throw CLIError.data(
        "no monitoring window in \(databasePath); start one with 'p0watch window start'")
    }
    return latest
  }

  /// The runbook a window was started with.
  func runbook(of window: Window) throws -> Runbook {
    do {
      return try Runbook.load(json: window.runbookJSON)
    } catch {
      throw CLIError.dataLines(
        ["Error: the runbook stored with window \(window.id) is invalid:"]
          + describe(error, file: "window \(window.id)"))
    }
  }

  /// The runbook for a new window or `runbook show`: `--runbook`, else ./runbook.json, else built in.
  func chosenRunbook() throws -> (runbook: Runbook, json: String, source: String) {
    if let path = option("runbook", env: "P0WATCH_RUNBOOK") {
      return try loadRunbook(path: path)
    }
    if FileSystem.exists("./runbook.json") { return try loadRunbook(path: "./runbook.json") }
    do {
      return (try Runbook.load(json: Runbook.defaultJSON), Runbook.defaultJSON, "built-in runbook")
    } catch {
      throw CLIError.dataLines(
        ["Error: the built-in runbook is invalid:"] + describe(error, file: "built-in"))
    }
  }

  /// Reads and validates a runbook file.
  func loadRunbook(path: String) throws -> (runbook: Runbook, json: String, source: String) {
    let bytes = try readInput(path)
    do {
      return (try Runbook.load(json: bytes), String(decoding: bytes, as: UTF8.self), path)
    } catch {
      throw CLIError.dataLines(
        describe(error, file: path) + ["\(path): invalid runbook; see docs/runbook-format.md"])
    }
  }

  /// Every problem of a runbook as `file: path: problem` or `file:line:column: error: message`.
  func describe(_ error: RunbookError, file: String) -> [String] {
    switch error {
    case .syntax(let syntax):
      return ["\(file):\(syntax.line):\(syntax.column): error: malformed JSON: \(syntax.message)"]
    case .invalid(let problems):
      return problems.map { "\(file): \(Text.sanitized($0.description))" }
    }
  }

  /// Reads a whole input file.
  func readInput(_ path: String) throws -> [UInt8] {
    do {
      return try FileSystem.read(path)
    } catch {
      throw CLIError.missingInput("cannot read \(path): \(error.reason)")
    }
  }
}
