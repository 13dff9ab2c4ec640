/// The identifier of a timeline event.
public struct EventID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
  public var rawValue: Int64
  public init(rawValue: Int64) { self.rawValue = rawValue }
  public var description: String { String(rawValue) }
  public static func < (lhs: EventID, rhs: EventID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What a timeline event records. Kinds are stable strings: scripts filter on them.
public struct EventKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: String
  public init(rawValue: String) { self.rawValue = rawValue }
  public var description: String { rawValue }

  /// A window was started.
  public static let windowStarted = EventKind(rawValue: "window.start")
  /// A window was closed.
  public static let windowClosed = EventKind(rawValue: "window.close")
  /// A free-form note.
  public static let note = EventKind(rawValue: "note")
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
  public var incidentID: Int64?

  /// Creates an event.
  public init(
    at: Timestamp, actor: String, kind: EventKind, text: String, tag: String? = nil,
    incidentID: Int64? = nil
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
