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

extension NewEvent {
  /// The event of a tick: which item, which round, whether the check found a problem.
  public static func checkDone(_ item: ChecklistItem, mark: CheckMark, currentRound: Int?)
    -> NewEvent
  {
    var text = "Checked [\(item.id)] \(item.text) (round \(mark.round)"
    if let currentRound, currentRound != mark.round { text += ", backfilled" }
    text += ")"
    if mark.foundIssue { text += " — found an issue" }
    if let note = mark.note { text += ": \(note)" }
    return NewEvent(at: mark.at, actor: mark.actor, kind: .checkDone, text: text)
  }

  /// The event of an undone tick, with its reason.
  public static func checkUndone(_ item: ChecklistItem, mark: CheckMark, tickedBy: String)
    -> NewEvent
  {
    NewEvent(
      at: mark.at, actor: mark.actor, kind: .checkUndo,
      text:
        "Undid check [\(item.id)] of round \(mark.round) (ticked by \(tickedBy)): \(mark.note ?? "")"
    )
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
