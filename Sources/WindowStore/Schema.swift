/// The schema as an ordered list of migrations. Each is applied in the transaction that records
/// it in `PRAGMA user_version`; a shipped migration is never edited, only followed by a new one.
enum Schema {
  static let migrations: [String] = [
    // 1: windows and the append-only timeline.
    """
    CREATE TABLE windows (
      id INTEGER PRIMARY KEY,
      release TEXT NOT NULL,
      started_at INTEGER NOT NULL,
      hours INTEGER NOT NULL CHECK (hours > 0),
      state TEXT NOT NULL CHECK (state IN ('active', 'closed')),
      closed_at INTEGER,
      runbook TEXT NOT NULL,
      created_at INTEGER NOT NULL
    );
    CREATE INDEX windows_active ON windows (state, started_at);
    CREATE TABLE events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      window_id INTEGER NOT NULL REFERENCES windows (id),
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      kind TEXT NOT NULL,
      text TEXT NOT NULL,
      tag TEXT,
      incident_id INTEGER,
      recorded_at INTEGER NOT NULL
    );
    CREATE INDEX events_by_time ON events (window_id, at, id);
    CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE is not allowed'); END;
    CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is not allowed'); END;
    """,
    // 2: checklist ticks and their reversals, append-only like the timeline.
    """
    CREATE TABLE check_marks (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      window_id INTEGER NOT NULL REFERENCES windows (id),
      item TEXT NOT NULL,
      round_hour INTEGER NOT NULL,
      action TEXT NOT NULL CHECK (action IN ('done', 'undo')),
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      note TEXT,
      issue INTEGER NOT NULL DEFAULT 0 CHECK (issue IN (0, 1)),
      event_id INTEGER NOT NULL REFERENCES events (id)
    );
    CREATE INDEX check_marks_by_window ON check_marks (window_id, id);
    CREATE TRIGGER check_marks_are_append_only_update BEFORE UPDATE ON check_marks
    BEGIN SELECT RAISE(ABORT, 'check marks are append-only: UPDATE is not allowed'); END;
    CREATE TRIGGER check_marks_are_append_only_delete BEFORE DELETE ON check_marks
    BEGIN SELECT RAISE(ABORT, 'check marks are append-only: DELETE is not allowed'); END;
    """,
    // 3: incidents and the escalations paged for them. Their history is in the events.
    """
    CREATE TABLE incidents (
      id INTEGER PRIMARY KEY,
      window_id INTEGER NOT NULL REFERENCES windows (id),
      title TEXT NOT NULL,
      severity TEXT NOT NULL CHECK (severity IN ('critical', 'warning')),
      impact TEXT NOT NULL CHECK (impact IN ('low', 'medium', 'high')),
      status TEXT NOT NULL CHECK (status IN ('open', 'monitoring', 'resolved')),
      type TEXT NOT NULL,
      metric TEXT,
      alert TEXT,
      opened_at INTEGER NOT NULL,
      resolved_at INTEGER,
      opened_by TEXT NOT NULL
    );
    CREATE INDEX incidents_by_window ON incidents (window_id, status);
    CREATE TABLE escalations (
      id INTEGER PRIMARY KEY,
      window_id INTEGER NOT NULL REFERENCES windows (id),
      incident_id INTEGER NOT NULL REFERENCES incidents (id),
      type TEXT NOT NULL,
      contact TEXT NOT NULL,
      sla_minutes INTEGER NOT NULL CHECK (sla_minutes > 0),
      paged_at INTEGER NOT NULL,
      paged_by TEXT NOT NULL,
      acknowledged_at INTEGER,
      acknowledged_by TEXT,
      closed_at INTEGER
    );
    CREATE INDEX escalations_by_window ON escalations (window_id, incident_id);
    """,
    // 4: metric readings typed by people, and per-hour request counts from access logs.
    """
    CREATE TABLE readings (
      id INTEGER PRIMARY KEY,
      window_id INTEGER NOT NULL REFERENCES windows (id),
      metric TEXT NOT NULL,
      hour INTEGER NOT NULL,
      at INTEGER NOT NULL,
      value REAL NOT NULL,
      actor TEXT NOT NULL,
      note TEXT,
      event_id INTEGER NOT NULL REFERENCES events (id)
    );
    CREATE INDEX readings_by_metric ON readings (window_id, metric, hour);
    CREATE TABLE metric_hours (
      window_id INTEGER NOT NULL REFERENCES windows (id),
      metric TEXT NOT NULL,
      hour INTEGER NOT NULL,
      matched INTEGER NOT NULL DEFAULT 0 CHECK (matched >= 0),
      hits INTEGER NOT NULL DEFAULT 0 CHECK (hits >= 0),
      latency TEXT,
      PRIMARY KEY (window_id, metric, hour)
    ) WITHOUT ROWID;
    """,
    // 5: how far each access log has been ingested, saved with the counts it produced.
    """
    CREATE TABLE ingest_files (
      id INTEGER PRIMARY KEY,
      window_id INTEGER NOT NULL REFERENCES windows (id),
      path TEXT NOT NULL,
      device INTEGER NOT NULL,
      inode INTEGER NOT NULL,
      fingerprint TEXT NOT NULL,
      fingerprint_length INTEGER NOT NULL,
      offset INTEGER NOT NULL CHECK (offset >= 0),
      lines INTEGER NOT NULL CHECK (lines >= 0),
      updated_at INTEGER NOT NULL
    );
    CREATE INDEX ingest_files_by_window ON ingest_files (window_id);
    """,
    // 6: the verdict recorded at close, the lead's decision beside it, and the to-do list.
    """
    CREATE TABLE window_outcomes (
      window_id INTEGER PRIMARY KEY REFERENCES windows (id),
      computed_status TEXT NOT NULL CHECK (computed_status IN ('success', 'partial', 'rollback_required')),
      computed_recommendation TEXT NOT NULL CHECK (computed_recommendation IN ('go', 'no-go')),
      reasons TEXT NOT NULL,
      decision TEXT CHECK (decision IN ('go', 'no-go')),
      why TEXT,
      decided_by TEXT,
      decided_at INTEGER,
      CHECK ((decision IS NULL) = (why IS NULL))
    );
    CREATE TABLE post_actions (
      window_id INTEGER NOT NULL REFERENCES windows (id),
      number INTEGER NOT NULL,
      text TEXT NOT NULL,
      list TEXT NOT NULL CHECK (list IN ('on_success', 'on_issues')),
      done_by TEXT,
      done_at INTEGER,
      note TEXT,
      PRIMARY KEY (window_id, number)
    );
    """,
  ]

  /// The schema version this build writes.
  static var latestVersion: Int { migrations.count }
}
