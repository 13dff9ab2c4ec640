import WindowModel

extension Transaction {
  /// Appends an event to a window's timeline and returns it with its id.
  @discardableResult
  public func append(_ event: NewEvent, to window: WindowID, recordedAt: Timestamp) throws -> Event
  {
    let id = try connection.run(
      "INSERT INTO events (window_id, at, actor, kind, text, tag, incident_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      [
        .integer(window.rawValue), .integer(event.at.secondsSinceEpoch), .text(event.actor),
        .text(event.kind.rawValue), .text(event.text), SQLValue(event.tag),
        SQLValue(event.incidentID?.rawValue), .integer(recordedAt.secondsSinceEpoch),
      ])
    return Event(id: EventID(rawValue: id), windowID: window, content: event)
  }

  /// A window's events with `from <= at <= to`, in time order (ties in writing order).
  public func events(
    in window: WindowID, from: Timestamp? = nil, to: Timestamp? = nil, incident: IncidentID? = nil
  ) throws -> [Event] {
    try connection.rows(
      """
      SELECT id, at, actor, kind, text, tag, incident_id FROM events
      WHERE window_id = ?1 AND at >= ?2 AND at <= ?3 AND (?4 IS NULL OR incident_id = ?4)
      ORDER BY at, id
      """,
      [
        .integer(window.rawValue), .integer(from?.secondsSinceEpoch ?? Int64.min),
        .integer(to?.secondsSinceEpoch ?? Int64.max), SQLValue(incident?.rawValue),
      ]
    ) { row in
      Event(
        id: EventID(rawValue: row.int64(0)), windowID: window,
        content: NewEvent(
          at: Timestamp(secondsSinceEpoch: row.int64(1)), actor: row.text(2),
          kind: EventKind(rawValue: row.text(3)), text: row.text(4), tag: row.optionalText(5),
          incidentID: row.optionalInt64(6).map(IncidentID.init(rawValue:))))
    }
  }

  /// How many events a window has.
  public func eventCount(in window: WindowID) throws -> Int {
    try connection.row(
      "SELECT count(*) FROM events WHERE window_id = ?", [.integer(window.rawValue)]
    ) {
      $0.int(0)
    } ?? 0
  }
}
