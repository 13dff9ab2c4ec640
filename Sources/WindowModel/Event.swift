/// What a timeline event records. Kinds are stable strings: scripts filter on them.
public struct EventKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The kind as stored, e.g. `note`.
  public var rawValue: String
  /// Wraps a stored kind.
  public init(rawValue: String) { self.rawValue = rawValue }
  /// The kind as stored.
  public var description: String { rawValue }

  /// A window was started.
  public static let windowStarted = EventKind(rawValue: "window.start")
  /// A window was closed.
  public static let windowClosed = EventKind(rawValue: "window.close")
  /// A free-form note.
  public static let note = EventKind(rawValue: "note")
  /// A checklist item ticked.
  public static let checkDone = EventKind(rawValue: "check.done")
  /// A checklist tick reversed.
  public static let checkUndo = EventKind(rawValue: "check.undo")
  /// An incident opened.
  public static let incidentOpened = EventKind(rawValue: "incident.open")
  /// An incident's status changed (monitoring, resolved, reopened).
  public static let incidentStatus = EventKind(rawValue: "incident.status")
  /// An incident's impact changed.
  public static let incidentImpact = EventKind(rawValue: "incident.impact")
  /// An action taken on an incident.
  public static let incidentAction = EventKind(rawValue: "incident.action")
  /// A note on an incident.
  public static let incidentNote = EventKind(rawValue: "incident.note")
  /// The Go/No-Go verdict computed at close.
  public static let verdict = EventKind(rawValue: "window.verdict")
  /// The lead's Go/No-Go decision.
  public static let decision = EventKind(rawValue: "window.decision")
  /// A post-monitoring action completed.
  public static let actionDone = EventKind(rawValue: "action.done")
  /// Access logs were ingested.
  public static let ingest = EventKind(rawValue: "ingest")
  /// A metric reading was recorded.
  public static let metricReading = EventKind(rawValue: "metric.reading")
  /// An alert condition fired again while its incident was unresolved.
  public static let alertFired = EventKind(rawValue: "alert.fired")
  /// A contact paged: the SLA clock starts.
  public static let escalationPaged = EventKind(rawValue: "escalation.page")
  /// A page acknowledged.
  public static let escalationAcknowledged = EventKind(rawValue: "escalation.ack")
  /// A page closed unacknowledged because its incident was resolved.
  public static let escalationClosed = EventKind(rawValue: "escalation.close")
}

/// A timeline event about to be written: the store assigns its id.
public struct NewEvent: Hashable, Sendable {
  /// When it happened (may be backfilled).
  public var at: Timestamp
  /// Who did it (`--as`, else `$USER`).
  public var actor: String
  /// What kind of change it records.
  public var kind: EventKind
  /// The human-readable account.
  public var text: String
  /// A tag such as `feedback`, if any.
  public var tag: String?
  /// The incident it belongs to, if any.
  public var incidentID: IncidentID?

  /// Creates an event.
  public init(
    at: Timestamp, actor: String, kind: EventKind, text: String, tag: String? = nil,
    incidentID: IncidentID? = nil
  ) {
    self.at = at
    self.actor = actor
    self.kind = kind
    self.text = text
    self.tag = tag
    self.incidentID = incidentID
  }
}

/// One append-only timeline entry as stored.
public struct Event: Hashable, Sendable {
  /// Its identifier, increasing in the order events were written.
  public var id: EventID
  /// The window it belongs to.
  public var windowID: WindowID
  /// Its content.
  public var content: NewEvent

  /// Creates a stored event value.
  public init(id: EventID, windowID: WindowID, content: NewEvent) {
    self.id = id
    self.windowID = windowID
    self.content = content
  }
}
