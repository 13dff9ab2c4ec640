import CSQLite

/// `SQLITE_TRANSIENT`: SQLite copies bound text before `bind` returns. The C macro does not
/// import into Swift, so it is spelled out here, once.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A value bound to or read from a statement.
enum SQLValue: Hashable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
}

extension SQLValue {
  init(_ value: Int64?) { self = value.map(SQLValue.integer) ?? .null }
  init(_ value: String?) { self = value.map(SQLValue.text) ?? .null }
  init(_ value: Double?) { self = value.map(SQLValue.real) ?? .null }
}

/// One open SQLite connection. A class only because it owns a C handle, closed in `deinit`.
final class Connection {
  private(set) var handle: OpaquePointer?
  let path: String
  private var statements: [String: Statement] = [:]

  /// Opens `path` with explicit flags; the handle is closed even when opening fails.
  init(path: String, create: Bool) throws(StoreError) {
    self.path = path
    var flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
    if create { flags |= SQLITE_OPEN_CREATE }
    var db: OpaquePointer?
    let code = sqlite3_open_v2(path, &db, flags, nil)
    guard code == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(db)
      throw StoreError.from(code: code, message: message, sql: nil, path: path)
    }
    handle = db
    sqlite3_extended_result_codes(db, 1)
  }

  deinit {
    statements.removeAll()
    sqlite3_close_v2(handle)
  }

  /// Sets how long a statement waits for another process's lock before failing with busy.
  func setBusyTimeout(milliseconds: Int32) {
    sqlite3_busy_timeout(handle, milliseconds)
  }

  /// The error SQLite reports for `code`, with the statement that caused it.
  func error(_ code: Int32, sql: String?) -> StoreError {
    let message = String(cString: sqlite3_errmsg(handle))
    return StoreError.from(code: code, message: message, sql: sql, path: path)
  }

  /// Runs one or more statements that bind nothing and return no rows.
  func execute(_ sql: String) throws(StoreError) {
    let code = sqlite3_exec(handle, sql, nil, nil, nil)
    guard code == SQLITE_OK else { throw error(code, sql: sql) }
  }

  /// A prepared statement for `sql`, prepared once per connection and reset for reuse.
  func statement(_ sql: String) throws(StoreError) -> Statement {
    if let cached = statements[sql] {
      cached.reset()
      return cached
    }
    var raw: OpaquePointer?
    let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
    guard code == SQLITE_OK, let raw else { throw error(code, sql: sql) }
    let statement = Statement(raw, sql: sql, connection: self)
    statements[sql] = statement
    return statement
  }

  /// Runs `sql` with `values` bound, discarding any rows.
  @discardableResult
  func run(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> Int64 {
    let statement = try statement(sql)
    try statement.bind(values)
    while try statement.step() {}
    return sqlite3_last_insert_rowid(handle)
  }

  /// Runs `sql` and maps every row.
  func rows<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Statement) -> T) throws(StoreError)
    -> [T]
  {
    let statement = try statement(sql)
    try statement.bind(values)
    var result: [T] = []
    while try statement.step() { result.append(map(statement)) }
    return result
  }

  /// Runs `sql` and maps the first row, if any.
  func row<T>(_ sql: String, _ values: [SQLValue] = [], _ map: (Statement) -> T) throws(StoreError)
    -> T?
  {
    let statement = try statement(sql)
    try statement.bind(values)
    defer { statement.reset() }
    return try statement.step() ? map(statement) : nil
  }

  /// The number of rows the last statement changed.
  var changes: Int { Int(sqlite3_changes(handle)) }
}

/// A prepared statement. A class only because it owns a C handle, finalized in `deinit`.
final class Statement {
  private let handle: OpaquePointer
  let sql: String
  private unowned let connection: Connection

  init(_ handle: OpaquePointer, sql: String, connection: Connection) {
    self.handle = handle
    self.sql = sql
    self.connection = connection
  }

  deinit { sqlite3_finalize(handle) }

  func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  func bind(_ values: [SQLValue]) throws(StoreError) {
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      let code: Int32
      switch value {
      case .null: code = sqlite3_bind_null(handle, index)
      case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
      case .real(let number): code = sqlite3_bind_double(handle, index, number)
      case .text(let text): code = sqlite3_bind_text(handle, index, text, -1, sqliteTransient)
      }
      guard code == SQLITE_OK else { throw connection.error(code, sql: sql) }
    }
  }

  /// Advances to the next row; false when the statement is done.
  func step() throws(StoreError) -> Bool {
    let code = sqlite3_step(handle)
    switch code {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default:
      sqlite3_reset(handle)
      throw connection.error(code, sql: sql)
    }
  }

  func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

  func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

  func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

  func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

  func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

  func text(_ column: Int32) -> String {
    guard let pointer = sqlite3_column_text(handle, column) else { return "" }
    let count = Int(sqlite3_column_bytes(handle, column))
    return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
  }

  func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
}

@available(*, unavailable, message: "a SQLite connection belongs to the thread that opened it")
extension Connection: Sendable {}

@available(*, unavailable, message: "a prepared statement belongs to its connection's thread")
extension Statement: Sendable {}
