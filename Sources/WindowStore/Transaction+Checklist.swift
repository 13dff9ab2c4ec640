import WindowModel

extension Transaction {
  /// Records a tick or undo together with its timeline event.
  @discardableResult
  public func record(_ mark: CheckMark, event: NewEvent, in window: WindowID, recordedAt: Timestamp)
    throws -> Event
  {
    let stored = try append(event, to: window, recordedAt: recordedAt)
    try connection.run(
      "INSERT INTO check_marks (window_id, item, round_hour, action, at, actor, note, issue, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      [
        .integer(window.rawValue), .text(mark.item.rawValue), .integer(Int64(mark.round)),
        .text(mark.action.rawValue), .integer(mark.at.secondsSinceEpoch), .text(mark.actor),
        SQLValue(mark.note), .integer(mark.foundIssue ? 1 : 0), .integer(stored.id.rawValue),
      ])
    return stored
  }

  /// Every mark of a window, in recording order.
  public func checkMarks(in window: WindowID) throws -> [CheckMark] {
    try connection.rows(
      "SELECT item, round_hour, action, at, actor, note, issue FROM check_marks WHERE window_id = ? ORDER BY id",
      [.integer(window.rawValue)]
    ) { row in
      CheckMark(
        item: ChecklistItemID(row.text(0)), round: row.int(1),
        action: CheckMark.Action(rawValue: row.text(2)) ?? .undo,
        at: Timestamp(secondsSinceEpoch: row.int64(3)), actor: row.text(4),
        note: row.optionalText(5),
        foundIssue: row.int(6) != 0)
    }
  }
}
