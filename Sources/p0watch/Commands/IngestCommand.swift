import AccessLog
import Dispatch
import WindowModel
import WindowStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum IngestCommand {
  static let spec = CommandSpec(
    path: ["ingest", "nginx"], usage: "ingest nginx FILE... [--log-format FMT]",
    summary: "read nginx access logs (incrementally) into the HTTP metrics, per window hour",
    options: [
      OptionSpec(
        name: "log-format", value: "FMT",
        help:
          "the log_format the files use, in nginx syntax (default: combined, optionally + $request_time)"
      )
    ],
    positionals: 1...256
  ) { invocation, context in
    let format: LogFormat
    if let text = invocation.value("log-format") {
      do { format = try LogFormat(parsing: text) } catch {
        throw CLIError.usage("Invalid value for '--log-format': \(error)", invocation.spec)
      }
    } else {
      format = .default
    }
    // Open every file first: a missing one stops the run before anything is written.
    var files: [LogFile] = []
    for path in invocation.positionals {
      do { files.append(try LogFile(path: path)) } catch let error as FileError {
        throw CLIError.missingInput("cannot read \(path): \(error.reason)")
      }
    }
    let store = try context.openStore()
    let scope = try store.read { try WindowScope.load($0, context: context) }
    try scope.requireActive()
    let scanner = LogScanner(
      format: format, runbook: scope.runbook, windowStart: scope.window.startedAt,
      hours: scope.window.hours)
    var runner = IngestRunner(
      store: store, scope: scope, scanner: scanner, context: context,
      batchBytes: Int64(
        context.environment["P0WATCH_INGEST_BATCH_BYTES"].flatMap { Int($0) } ?? 64 << 20),
      abortAfterBatches: context.environment["P0WATCH_TEST_ABORT_AFTER_BATCHES"].flatMap { Int($0) }
    )
    for file in files { try runner.ingest(file) }
    let data = try store.read { try $0.metricData(in: scope.window.id) }
    let summary = runner.summary
    if context.json {
      context.outJSON(json(summary, scope: scope, data: data))
      return ExitCode.ok
    }
    for file in summary.files {
      let how = file.resumedFrom > 0 ? "from byte \(file.resumedFrom)" : "from the start"
      context.out(
        "\(Text.sanitized(file.path)): \(file.lines) new lines read \(how) to byte \(file.endOffset)\(file.replaced ? " (a new file where a rotated one was)" : "")"
      )
    }
    let totals = summary.totals
    context.out(
      "lines \(totals.lines) · in window \(totals.inWindow) · outside \(totals.outside) · malformed \(totals.malformed)"
    )
    if !summary.malformedLines.isEmpty {
      context.out(
        "first malformed lines: "
          + summary.malformedLines.map { "\($0.0):\($0.1)" }.joined(separator: ", "))
    }
    let statuses = totals.statusCounts.enumerated().filter { $0.element > 0 }.sorted {
      $0.element > $1.element
    }
    if !statuses.isEmpty {
      context.out("status codes:")
      context.out(
        RunbookPrinter.indent(
          Text.table(
            header: ["STATUS", "COUNT"],
            rows: statuses.map { [String(format3($0.offset)), String($0.element)] })))
    }
    context.out("metrics (window figure):")
    context.out(
      RunbookPrinter.indent(
        Text.table(
          header: ["", "METRIC", "WINDOW", "TARGET", "ALERT", "REQUESTS"],
          rows: scope.runbook.metrics.filter { $0.source != nil }.map { metric in
            let series = MetricSeries(metric: metric, hours: data[metric.id] ?? [:])
            let figure = series.figure()
            let requests = series.hours.values.compactMap(\.counts).reduce(0) { $0 + $1.matched }
            return [
              metric.status(of: figure).symbol, metric.id.rawValue,
              figure.map(metric.format) ?? "-",
              metric.target.description, metric.alertThreshold.description, String(requests),
            ]
          })))
    for line in IncidentDesk.describe(summary.alerts, window: scope.window) { context.out(line) }
    return ExitCode.ok
  }

  static func format3(_ status: Int) -> String {
    status < 10 ? "00\(status)" : status < 100 ? "0\(status)" : String(status)
  }

  static func json(
    _ summary: IngestRunner.Summary, scope: WindowScope, data: [MetricID: [Int: HourData]]
  ) -> JSONValue {
    let totals = summary.totals
    return .object([
      ("window_id", .int(scope.window.id.rawValue)),
      ("lines", .int(totals.lines)),
      ("in_window", .int(totals.inWindow)),
      ("outside", .int(totals.outside)),
      ("malformed", .int(totals.malformed)),
      (
        "malformed_lines",
        .array(
          summary.malformedLines.map { .object([("file", .string($0.0)), ("line", .int($0.1))]) })
      ),
      (
        "status_counts",
        .object(
          totals.statusCounts.enumerated().filter { $0.element > 0 }.map {
            (format3($0.offset), .int($0.element))
          })
      ),
      (
        "metrics",
        .array(
          scope.runbook.metrics.filter { $0.source != nil }.map { metric in
            let series = MetricSeries(metric: metric, hours: data[metric.id] ?? [:])
            let figure = series.figure()
            let counts = series.hours.values.compactMap(\.counts)
            return .object([
              ("id", .string(metric.id.rawValue)), ("window_value", .optional(figure)),
              ("status", .string(metric.status(of: figure).rawValue)),
              ("requests", .int(counts.reduce(0) { $0 + $1.matched })),
              ("hits", .int(counts.reduce(0) { $0 + $1.hits })),
              (
                "hours",
                .array(
                  series.hoursWithData.map { hour in
                    .object([("hour", .int(hour)), ("value", .optional(series.hourFigure(hour)))])
                  })
              ),
            ])
          })
      ),
      (
        "files",
        .array(
          summary.files.map { file in
            .object([
              ("path", .string(file.path)), ("from_offset", .int(file.resumedFrom)),
              ("to_offset", .int(file.endOffset)),
              ("lines", .int(file.lines)), ("replaced_rotated_file", .bool(file.replaced)),
            ])
          })
      ),
      ("alerts", .array(summary.alerts.map(MetricCommands.json))),
    ])
  }
}

/// Reads files batch by batch: each batch is scanned by both cores and committed in one
/// transaction with the file's new offset, so a run stopped at any moment has either committed a
/// whole batch or nothing of it.
struct IngestRunner {
  let store: WindowStore
  let scope: WindowScope
  let scanner: LogScanner
  let context: Context
  let batchBytes: Int64
  let abortAfterBatches: Int?
  var batchesCommitted = 0

  struct FileSummary {
    var path: String
    var resumedFrom: Int64
    var endOffset: Int64
    var lines: Int
    var replaced: Bool
  }

  struct Summary {
    var totals: ScanTotals
    var files: [FileSummary] = []
    var malformedLines: [(String, Int)] = []
    var alerts: [AlertOutcome] = []
  }

  var summary: Summary

  init(
    store: WindowStore, scope: WindowScope, scanner: LogScanner, context: Context,
    batchBytes: Int64, abortAfterBatches: Int?
  ) {
    self.store = store
    self.scope = scope
    self.scanner = scanner
    self.context = context
    self.batchBytes = max(4_096, batchBytes)
    self.abortAfterBatches = abortAfterBatches
    summary = Summary(totals: scanner.makeTotals())
  }

  mutating func ingest(_ file: LogFile) throws {
    let prefix: [UInt8]
    do { prefix = try file.prefix(LogFileState.fingerprintSpan) } catch let error as FileError {
      throw CLIError.missingInput("cannot read \(file.path): \(error.reason)")
    }
    if prefix.starts(with: [0x1F, 0x8B]) {
      throw CLIError.data(
        "\(file.path) is gzip-compressed; decompress it first (zcat \(file.path) > access.log.N)")
    }
    let known = try store.read { try $0.logFileStates(in: scope.window.id) }
    var state: LogFileState
    var replaced = false
    // What the state row held when this run read it; a commit that finds otherwise means another
    // ingest advanced the file meanwhile, and is refused rather than counted twice.
    var stored: LogFileState?
    switch LogFileState.decide(
      device: file.device, inode: file.inode, size: file.size, prefix: prefix, known: known)
    {
    case .resume(let saved):
      state = saved
      stored = saved
    case .startOver(let replacing):
      replaced = replacing != nil
      stored = known.first { $0.id == replacing }
      state = LogFileState(
        id: replacing, path: file.path, device: file.device, inode: file.inode, fingerprint: 0,
        fingerprintLength: 0,
        offset: 0, lines: 0)
    }
    state.path = file.path
    state.device = file.device
    state.inode = file.inode
    state.fingerprintLength = prefix.count
    state.fingerprint = LogFileState.fingerprint(of: prefix)
    var fileSummary = FileSummary(
      path: file.path, resumedFrom: state.offset, endOffset: state.offset, lines: 0,
      replaced: replaced)
    let started = context.monotonicSeconds()
    // Read up to the end of the last complete line; a partial last line waits for the next run.
    let readable = try file.lastLineEnd(before: file.size, notBefore: state.offset)
    while state.offset < readable {
      let target = state.offset + batchBytes
      let end =
        target >= readable
        ? readable : try file.lineStart(atOrAfter: target, limit: readable) ?? readable
      let totals = try scanBatch(file, from: state.offset, to: end)
      for index in totals.malformedLines
      where summary.malformedLines.count < ScanTotals.malformedKept {
        summary.malformedLines.append((file.path, Int(state.lines) + index + 1))
      }
      state.offset = end
      state.lines += Int64(totals.lines)
      state = try commit(
        totals, state: state, expecting: stored, file: fileSummary, isLast: end == readable)
      stored = state
      summary.totals.merge(totals)
      fileSummary.lines += totals.lines
      fileSummary.endOffset = end
      batchesCommitted += 1
      if let abortAfterBatches, batchesCommitted >= abortAfterBatches {
        // Test hook: stop as a killed process would, right after a committed batch.
        FileSystem.write(context.stdout, to: STDOUT_FILENO)
        _exit(ExitCode.software)
      }
      reportProgress(file, state: state, started: started, since: fileSummary.resumedFrom)
    }
    if context.progress != nil, fileSummary.lines > 0 { context.progress?("") }
    summary.files.append(fileSummary)
  }

  /// Scans `[start, end)` (whole lines) with both cores and merges the parts in order.
  func scanBatch(_ file: LogFile, from start: Int64, to end: Int64) throws -> ScanTotals {
    let workers = end - start > 1 << 20 ? 2 : 1
    var bounds = [start]
    for index in 1..<workers {
      let middle = start + (end - start) * Int64(index) / Int64(workers)
      bounds.append(
        max(bounds[bounds.count - 1], try file.lineStart(atOrAfter: middle, limit: end) ?? end))
    }
    bounds.append(end)
    let results = ResultSlots(count: workers, scanner: scanner)
    let ranges = bounds
    let scanner = self.scanner
    DispatchQueue.concurrentPerform(iterations: workers) { index in
      var totals = scanner.makeTotals()
      do {
        try file.scan(from: ranges[index], to: ranges[index + 1], with: scanner, into: &totals)
        results.set(index, .success(totals))
      } catch {
        results.set(index, .failure(error))
      }
    }
    var merged = scanner.makeTotals()
    for index in 0..<workers {
      switch results.get(index) {
      case .success(let part): merged.merge(part)
      case .failure(let error as FileError):
        throw CLIError.missingInput("cannot read \(file.path): \(error.reason)")
      case .failure(let error): throw error
      }
    }
    return merged
  }

  /// One transaction: the batch's counts, the file's new offset, alert conditions for the hours
  /// the batch touched, and (after the file's last batch) the timeline event.
  mutating func commit(
    _ totals: ScanTotals, state: LogFileState, expecting stored: LogFileState?, file: FileSummary,
    isLast: Bool
  ) throws -> LogFileState {
    let scope = self.scope
    let scanner = self.scanner
    let context = self.context
    let (saved, outcomes) = try store.write { transaction in
      let rows = try transaction.logFileStates(in: scope.window.id)
      let unchanged: Bool
      if let stored {
        unchanged = rows.contains {
          $0.id == stored.id && $0.offset == stored.offset && $0.fingerprint == stored.fingerprint
        }
      } else {
        unchanged = !rows.contains { row in
          (row.device == state.device && row.inode == state.inode)
            || (row.fingerprint == state.fingerprint
              && row.fingerprintLength == state.fingerprintLength)
        }
      }
      guard unchanged else {
        throw CLIError.busy(
          "another p0watch ingest read \(file.path) at the same time; this run stopped without counting its batch twice — run it again"
        )
      }
      let hours = totals.touchedHours.indices.filter { totals.touchedHours[$0] }
      for hour in hours {
        for (index, metric) in scanner.metrics.enumerated() where metric.source != nil {
          let counts = totals.counts(hour: hour, metric: index)
          let latency = scanner.histogram(totals, hour: hour, metric: index)
          guard counts.matched > 0 || latency != nil else { continue }
          try transaction.addRequestCounts(
            counts, latency: latency, of: metric.id, hour: hour, in: scope.window.id)
        }
      }
      let saved = try transaction.saveLogFileState(state, in: scope.window.id, at: scope.now)
      var outcomes: [AlertOutcome] = []
      if !hours.isEmpty {
        let data = try transaction.metricData(in: scope.window.id)
        let desk = scope.desk(context, transaction)
        for hour in hours {
          for metric in scanner.metrics where metric.source != nil {
            let series = MetricSeries(metric: metric, hours: data[metric.id] ?? [:])
            guard let figure = series.hourFigure(hour) else { continue }
            outcomes += try desk.fireConditions(on: metric, figure: figure, hour: hour)
          }
        }
      }
      if isLast {
        let lines = file.lines + totals.lines
        try transaction.append(
          NewEvent(
            at: scope.now, actor: context.actor, kind: .ingest,
            text: "Ingested \(file.path): \(lines) lines, bytes \(file.resumedFrom)–\(state.offset)"
          ),
          to: scope.window.id, recordedAt: scope.now)
      }
      return (saved, outcomes)
    }
    summary.alerts += outcomes
    return saved
  }

  func reportProgress(_ file: LogFile, state: LogFileState, started: Double, since: Int64) {
    guard let progress = context.progress else { return }
    let elapsed = max(0.001, context.monotonicSeconds() - started)
    let done = state.offset - since
    let rate = Double(done) / elapsed
    let remaining = rate > 0 ? Double(file.size - state.offset) / rate : 0
    progress(
      "\(file.path): \(done >> 20) of \((file.size - since) >> 20) MiB, "
        + "\(Int(Double(state.lines) / elapsed)) lines/s, ETA \(Int(remaining.rounded(.up)))s")
  }
}

/// Per-worker results, written once each from `concurrentPerform`.
///
/// `@unchecked Sendable`: every worker writes only its own slot, under the lock, and the slots
/// are read after `concurrentPerform` has returned.
final class ResultSlots: @unchecked Sendable {
  private var slots: [Result<ScanTotals, Error>]
  private let lock = PThreadMutex()

  init(count: Int, scanner: LogScanner) {
    slots = Array(repeating: .success(scanner.makeTotals()), count: count)
  }

  func set(_ index: Int, _ result: Result<ScanTotals, Error>) {
    lock.locked { slots[index] = result }
  }

  func get(_ index: Int) -> Result<ScanTotals, Error> {
    lock.locked { slots[index] }
  }
}

/// A pthread mutex: Foundation's `NSLock` is not linked into the lean binary.
final class PThreadMutex: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>

  init() {
    mutex = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  func locked<T>(_ body: () -> T) -> T {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return body()
  }
}
