extension NewEvent {
  /// The event recording that a window started.
  public static func windowStarted(_ window: Window, source: String, actor: String) -> NewEvent {
    NewEvent(
      at: window.startedAt, actor: actor, kind: .windowStarted,
      text: "Window \(window.id) started for \(window.release): \(window.hours) hours, \(source)")
  }

  /// The event recording that a window closed.
  public static func windowClosed(_ window: Window, at time: Timestamp, actor: String) -> NewEvent {
    let elapsed = time.duration(since: window.startedAt)
    return NewEvent(
      at: time, actor: actor, kind: .windowClosed,
      text: "Window \(window.id) closed after \(elapsed.compactString) of \(window.hours)h")
  }

  /// A free-form note, optionally tagged (`feedback` feeds the daily report).
  public static func note(_ text: String, tag: String?, at time: Timestamp, actor: String)
    -> NewEvent
  {
    NewEvent(at: time, actor: actor, kind: .note, text: text, tag: tag)
  }
}

/// Tags are short lowercase words so that reports can select them reliably.
public enum Tag {
  /// Whether `text` is a valid tag: 1–32 of `a-z`, `0-9`, `_`, `-`, starting with a letter.
  public static func isValid(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, ("a"..."z").contains(first), text.count <= 32
    else {
      return false
    }
    return text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
    }
  }
}
