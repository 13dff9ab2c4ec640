import WindowModel

extension Transaction {
  /// Records the verdict computed at close and, beside it, the lead's decision if any.
  public func recordOutcome(_ verdict: Verdict, decision: LeadDecision?, for window: WindowID)
    throws
  {
    let reasons = JSONValue.array(verdict.reasons.map(JSONValue.string)).serialized(pretty: false)
    try connection.run(
      """
      INSERT INTO window_outcomes (window_id, computed_status, computed_recommendation, reasons, decision, why, decided_by, decided_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .integer(window.rawValue), .text(verdict.status.rawValue),
        .text(verdict.recommendation.rawValue),
        .text(reasons), SQLValue(decision?.decision.rawValue), SQLValue(decision?.why),
        SQLValue(decision?.by),
        SQLValue(decision?.at.secondsSinceEpoch),
      ])
  }

  /// The verdict recorded at close and the lead's decision, if the window was closed.
  public func outcome(of window: WindowID) throws -> (Verdict, LeadDecision?)? {
    try connection.row(
      "SELECT computed_status, reasons, decision, why, decided_by, decided_at FROM window_outcomes WHERE window_id = ?",
      [.integer(window.rawValue)]
    ) { row in
      let reasons =
        (try? JSONValue(parsing: row.text(1)))?.arrayValue?.compactMap(\.stringValue) ?? []
      let verdict = Verdict(
        status: OverallStatus(rawValue: row.text(0)) ?? .rollbackRequired, reasons: reasons)
      var decision: LeadDecision?
      if let text = row.optionalText(2), let value = Recommendation(rawValue: text) {
        decision = LeadDecision(
          decision: value, why: row.optionalText(3) ?? "", by: row.optionalText(4) ?? "",
          at: Timestamp(secondsSinceEpoch: row.optionalInt64(5) ?? 0))
      }
      return (verdict, decision)
    }
  }

  /// Creates the post-monitoring to-do list, numbered from 1.
  public func createActions(_ texts: [String], onSuccess: Bool, for window: WindowID) throws {
    for (index, text) in texts.enumerated() {
      try connection.run(
        "INSERT INTO post_actions (window_id, number, text, list) VALUES (?, ?, ?, ?)",
        [
          .integer(window.rawValue), .integer(Int64(index + 1)), .text(text),
          .text(onSuccess ? "on_success" : "on_issues"),
        ])
    }
  }

  /// The to-do list in order.
  public func actions(of window: WindowID) throws -> [PostAction] {
    try connection.rows(
      "SELECT number, text, done_by, done_at, note FROM post_actions WHERE window_id = ? ORDER BY number",
      [.integer(window.rawValue)]
    ) { row in
      PostAction(
        number: row.int(0), text: row.text(1), doneBy: row.optionalText(2),
        doneAt: row.optionalInt64(3).map(Timestamp.init(secondsSinceEpoch:)),
        note: row.optionalText(4))
    }
  }

  /// Marks an action done.
  public func completeAction(
    _ number: Int, of window: WindowID, by actor: String, at time: Timestamp, note: String?
  )
    throws
  {
    try connection.run(
      "UPDATE post_actions SET done_by = ?, done_at = ?, note = ? WHERE window_id = ? AND number = ?",
      [
        .text(actor), .integer(time.secondsSinceEpoch), SQLValue(note), .integer(window.rawValue),
        .integer(Int64(number)),
      ])
  }
}
