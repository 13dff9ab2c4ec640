import CSQLite

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The p0watch database: one SQLite file holding windows and their append-only timeline.
///
/// Every command runs in exactly one transaction (`write` or `read`); a failure rolls it back,
/// so a command either happens entirely or not at all. Many processes may use one file at once:
/// WAL lets readers proceed, and writers wait up to the busy timeout for each other.
public final class WindowStore {
  /// The schema version this build writes; a database with a higher one is refused.
  public static var latestSchemaVersion: Int { Schema.latestVersion }

  /// Where the database file is.
  public let path: String
  let connection: Connection

  /// How the database is opened.
  public enum OpenMode: Sendable {
    /// Create the file when it does not exist (commands that write a window).
    case createIfMissing
    /// Fail with `StoreError.missing` when there is no file (every other command).
    case existingOnly
  }

  /// Opens (and if needed creates and migrates) the database at `path`.
  /// - Parameter busyTimeoutMilliseconds: how long to wait for another process's lock.
  /// - Throws: `StoreError` — missing, not a database, written by a newer p0watch, busy, I/O.
  public init(path: String, mode: OpenMode, busyTimeoutMilliseconds: Int32 = 10_000)
    throws(StoreError)
  {
    self.path = path
    if mode == .existingOnly, !fileExists(path) { throw .missing(path: path) }
    connection = try Connection(path: path, create: mode == .createIfMissing)
    connection.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
    // Read the version before anything writes: a newer database must stay untouched.
    let version = try schemaVersion()
    if version > Schema.latestVersion {
      throw .newerSchema(path: path, found: version, supported: Schema.latestVersion)
    }
    let mode = try connection.row("PRAGMA journal_mode = WAL") { $0.text(0) }
    guard mode?.lowercased() == "wal" else {
      throw .io(
        path: path, code: 0,
        message: "could not switch to WAL journaling (got \(mode ?? "nothing"))")
    }
    try connection.execute("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
    if version < Schema.latestVersion { try migrate() }
  }

  /// The schema version recorded in the file (0 for a new file).
  public func schemaVersion() throws(StoreError) -> Int {
    try connection.row("PRAGMA user_version") { $0.int(0) } ?? 0
  }

  private func migrate() throws(StoreError) {
    try connection.execute("BEGIN IMMEDIATE")
    do throws(StoreError) {
      // Re-read inside the lock: another process may have migrated meanwhile.
      let current = try schemaVersion()
      if current > Schema.latestVersion {
        throw StoreError.newerSchema(path: path, found: current, supported: Schema.latestVersion)
      }
      for version in current..<Schema.latestVersion {
        try connection.execute(Schema.migrations[version])
        try connection.execute("PRAGMA user_version = \(version + 1)")
      }
      try connection.execute("COMMIT")
    } catch {
      try? connection.execute("ROLLBACK")
      throw error
    }
  }

  /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`): all of it is committed, or none.
  /// - Throws: the first error `body` throws (after rolling back), or `StoreError.busy`.
  @discardableResult
  public func write<T>(_ body: (Transaction) throws -> T) throws -> T {
    try inTransaction(immediate: true) { try body(Transaction(connection: connection)) }
  }

  /// Runs `body` in one read transaction: it sees a single consistent snapshot.
  @discardableResult
  public func read<T>(_ body: (Transaction) throws -> T) throws -> T {
    try inTransaction(immediate: false) { try body(Transaction(connection: connection)) }
  }

  private func inTransaction<T>(immediate: Bool, _ body: () throws -> T) throws -> T {
    try connection.execute(immediate ? "BEGIN IMMEDIATE" : "BEGIN")
    let result: T
    do {
      result = try body()
    } catch {
      try? connection.execute("ROLLBACK")
      throw error
    }
    do {
      try connection.execute("COMMIT")
    } catch {
      try? connection.execute("ROLLBACK")
      throw error
    }
    return result
  }
}

@available(*, unavailable, message: "a store's connection belongs to the thread that opened it")
extension WindowStore: Sendable {}

/// The operations of one transaction. Only valid inside the `write` or `read` call that made it.
public struct Transaction {
  let connection: Connection
}

@available(*, unavailable, message: "a transaction belongs to the thread that opened it")
extension Transaction: Sendable {}

private func fileExists(_ path: String) -> Bool {
  access(path, F_OK) == 0
}
