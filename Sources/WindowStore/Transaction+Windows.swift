import WindowModel

extension Transaction {
  private static let windowColumns =
    "id, release, started_at, hours, state, closed_at, runbook"

  private static func window(_ row: Statement) -> Window {
    Window(
      id: WindowID(rawValue: row.int64(0)), release: row.text(1),
      startedAt: Timestamp(secondsSinceEpoch: row.int64(2)), hours: row.int(3),
      state: Window.State(rawValue: row.text(4)) ?? .closed,
      closedAt: row.optionalInt64(5).map(Timestamp.init(secondsSinceEpoch:)),
      runbookJSON: row.text(6))
  }

  /// Records a new active window and returns it.
  public func createWindow(
    release: String, startedAt: Timestamp, hours: Int, runbookJSON: String, recordedAt: Timestamp
  ) throws -> Window {
    let id = try connection.run(
      "INSERT INTO windows (release, started_at, hours, state, runbook, created_at) VALUES (?, ?, ?, 'active', ?, ?)",
      [
        .text(release), .integer(startedAt.secondsSinceEpoch), .integer(Int64(hours)),
        .text(runbookJSON), .integer(recordedAt.secondsSinceEpoch),
      ])
    return Window(
      id: WindowID(rawValue: id), release: release, startedAt: startedAt, hours: hours,
      state: .active, closedAt: nil, runbookJSON: runbookJSON)
  }

  /// The window with `id`, if there is one.
  public func window(_ id: WindowID) throws -> Window? {
    try connection.row(
      "SELECT \(Self.windowColumns) FROM windows WHERE id = ?", [.integer(id.rawValue)], Self.window
    )
  }

  /// The most recently started active window, if any: the default for every command.
  public func latestActiveWindow() throws -> Window? {
    try connection.row(
      "SELECT \(Self.windowColumns) FROM windows WHERE state = 'active' ORDER BY started_at DESC, id DESC LIMIT 1",
      [], Self.window)
  }

  /// Every window, most recently started first.
  public func windows() throws -> [Window] {
    try connection.rows(
      "SELECT \(Self.windowColumns) FROM windows ORDER BY started_at DESC, id DESC", [], Self.window
    )
  }

  /// Marks a window closed at `time`.
  public func closeWindow(_ id: WindowID, at time: Timestamp) throws {
    try connection.run(
      "UPDATE windows SET state = 'closed', closed_at = ? WHERE id = ?",
      [.integer(time.secondsSinceEpoch), .integer(id.rawValue)])
  }
}
