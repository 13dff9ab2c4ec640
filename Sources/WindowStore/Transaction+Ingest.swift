import WindowModel

extension Transaction {
  /// What the window has read of each log file.
  public func logFileStates(in window: WindowID) throws -> [LogFileState] {
    try connection.rows(
      "SELECT id, path, device, inode, fingerprint, fingerprint_length, offset, lines FROM ingest_files WHERE window_id = ? ORDER BY id",
      [.integer(window.rawValue)]
    ) { row in
      LogFileState(
        id: row.int64(0), path: row.text(1), device: UInt64(bitPattern: row.int64(2)),
        inode: UInt64(bitPattern: row.int64(3)), fingerprint: UInt64(row.text(4), radix: 16) ?? 0,
        fingerprintLength: row.int(5), offset: row.int64(6), lines: row.int64(7))
    }
  }

  /// Saves a file's read position; returns the state with its id.
  @discardableResult
  public func saveLogFileState(_ state: LogFileState, in window: WindowID, at time: Timestamp)
    throws
    -> LogFileState
  {
    let values: [SQLValue] = [
      .text(state.path), .integer(Int64(bitPattern: state.device)),
      .integer(Int64(bitPattern: state.inode)),
      .text(String(state.fingerprint, radix: 16)), .integer(Int64(state.fingerprintLength)),
      .integer(state.offset), .integer(state.lines), .integer(time.secondsSinceEpoch),
    ]
    var saved = state
    if let id = state.id {
      try connection.run(
        """
        UPDATE ingest_files SET path = ?, device = ?, inode = ?, fingerprint = ?, fingerprint_length = ?,
          offset = ?, lines = ?, updated_at = ? WHERE id = ?
        """,
        values + [.integer(id)])
    } else {
      saved.id = try connection.run(
        """
        INSERT INTO ingest_files (path, device, inode, fingerprint, fingerprint_length, offset, lines, updated_at, window_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        values + [.integer(window.rawValue)])
    }
    return saved
  }
}
