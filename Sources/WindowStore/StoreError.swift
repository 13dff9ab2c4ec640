import CSQLite

/// What went wrong with the database, with what a person needs to act on it.
public enum StoreError: Error, Hashable, Sendable {
  /// The database file does not exist (and the command does not create one).
  case missing(path: String)
  /// The file (or its folder) cannot be created or opened for writing.
  case cannotOpen(path: String, message: String)
  /// The file exists but is not a SQLite database.
  case notADatabase(path: String)
  /// The database was written by a newer p0watch; it is left untouched.
  case newerSchema(path: String, found: Int, supported: Int)
  /// Another process held the database past the busy timeout; nothing was written.
  case busy(path: String)
  /// The disk is full, the file is read-only, or another I/O failure.
  case io(path: String, code: Int32, message: String)
  /// A statement failed: the result code, SQLite's message, and the SQL (never bound values).
  case sqlite(code: Int32, message: String, sql: String?)

  static func from(code: Int32, message: String, sql: String?, path: String) -> StoreError {
    switch code & 0xFF {
    case SQLITE_BUSY, SQLITE_LOCKED: return .busy(path: path)
    case SQLITE_NOTADB: return .notADatabase(path: path)
    case SQLITE_CANTOPEN: return .cannotOpen(path: path, message: message)
    case SQLITE_IOERR, SQLITE_FULL, SQLITE_READONLY, SQLITE_CORRUPT, SQLITE_PERM:
      return .io(path: path, code: code, message: message)
    default: return .sqlite(code: code, message: message, sql: sql)
    }
  }
}

extension StoreError: CustomStringConvertible {
  /// The message printed for this error: what happened and what to do.
  public var description: String {
    switch self {
    case .missing(let path):
      return "no database at \(path); start a window with 'p0watch window start' or pass --db PATH"
    case .cannotOpen(let path, let message):
      return
        "cannot open or create the database \(path): \(message); check that the folder exists and is writable"
    case .notADatabase(let path):
      return "\(path) is not a p0watch database (not a SQLite file); pass --db with the right path"
    case .newerSchema(let path, let found, let supported):
      return
        "\(path) was written by a newer p0watch (schema version \(found); this build knows up to \(supported)); upgrade p0watch — the database was left untouched"
    case .busy(let path):
      return
        "the database \(path) stayed locked by another p0watch past the timeout; nothing was written — run the command again"
    case .io(let path, let code, let message):
      return "I/O error on the database \(path) (SQLite error \(code): \(message))"
    case .sqlite(let code, let message, let sql):
      return "SQLite error \(code): \(message)" + (sql.map { " - while executing \($0)" } ?? "")
    }
  }
}
