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

extension NewEvent {
  /// The event of an incident being opened.
  public static func incidentOpened(_ incident: Incident, actor: String) -> NewEvent {
    var text =
      "Opened incident \(incident.id) (\(incident.severity.rawValue), \(incident.impact.rawValue) impact): \(incident.title)"
    if let alert = incident.alert { text += " [alert \(alert)]" }
    if let metric = incident.metric { text += " [metric \(metric)]" }
    return NewEvent(
      at: incident.openedAt, actor: actor, kind: .incidentOpened, text: text,
      incidentID: incident.id)
  }

  /// The event of an incident's status change.
  public static func incidentMoved(
    _ incident: Incident, from old: IncidentStatus, at time: Timestamp, actor: String
  ) -> NewEvent {
    let verb: String
    switch (old, incident.status) {
    case (.resolved, _): verb = "reopened as \(incident.status.rawValue)"
    case (_, .resolved): verb = "resolved"
    default: verb = "moved from \(old.rawValue) to \(incident.status.rawValue)"
    }
    return NewEvent(
      at: time, actor: actor, kind: .incidentStatus, text: "Incident \(incident.id) \(verb)",
      incidentID: incident.id)
  }

  /// The event of an incident's impact change.
  public static func incidentImpactChanged(
    _ incident: Incident, from old: Impact, at time: Timestamp, actor: String
  ) -> NewEvent {
    NewEvent(
      at: time, actor: actor, kind: .incidentImpact,
      text: "Incident \(incident.id) impact \(old.rawValue) → \(incident.impact.rawValue)",
      incidentID: incident.id)
  }

  /// An action taken on an incident (what the reports list under "Action").
  public static func incidentAction(
    _ text: String, incident: IncidentID, at time: Timestamp, actor: String
  )
    -> NewEvent
  {
    NewEvent(at: time, actor: actor, kind: .incidentAction, text: text, incidentID: incident)
  }

  /// A note on an incident.
  public static func incidentNote(
    _ text: String, incident: IncidentID, at time: Timestamp, actor: String
  )
    -> NewEvent
  {
    NewEvent(at: time, actor: actor, kind: .incidentNote, text: text, incidentID: incident)
  }
}

extension NewEvent {
  /// The event of a manual reading, with its status against target and threshold.
  public static func reading(
    _ reading: Reading, of metric: Metric, hour: Int, note: String?, actor: String
  ) -> NewEvent {
    let status = metric.status(of: reading.value)
    var text =
      "\(metric.id) = \(metric.format(reading.value)) (hour \(hour)): \(status.symbol) \(status.rawValue)"
      + " — target \(metric.target), alert \(metric.alertThreshold)"
    if let note { text += ": \(note)" }
    return NewEvent(at: reading.at, actor: actor, kind: .metricReading, text: text)
  }

  /// The event of an alert condition firing again on an incident that is still unresolved.
  public static func alertFiredAgain(
    _ condition: AlertCondition, metric: Metric, figure: Double, hour: Int, incident: IncidentID,
    at time: Timestamp,
    actor: String
  ) -> NewEvent {
    NewEvent(
      at: time, actor: actor, kind: .alertFired,
      text:
        "Alert condition \(condition.id) fired again: \(metric.id) \(metric.format(figure)) in hour \(hour)",
      incidentID: incident)
  }
}

extension NewEvent {
  /// The verdict computed at close, with its reasons.
  public static func verdict(_ verdict: Verdict, at time: Timestamp, actor: String) -> NewEvent {
    NewEvent(
      at: time, actor: actor, kind: .verdict,
      text: "Computed verdict: \(verdict.status.label), \(verdict.recommendation.label) — "
        + verdict.reasons.joined(separator: "; "))
  }

  /// The lead's decision, beside the computed verdict.
  public static func decision(_ decision: LeadDecision, computed: Verdict) -> NewEvent {
    let relation = decision.decision == computed.recommendation ? "confirms" : "overrides"
    return NewEvent(
      at: decision.at, actor: decision.by, kind: .decision,
      text:
        "Lead decided \(decision.decision.label) (\(relation) the computed \(computed.recommendation.label)): \(decision.why)"
    )
  }

  /// A post-monitoring action completed.
  public static func actionDone(_ action: PostAction, at time: Timestamp, actor: String) -> NewEvent
  {
    NewEvent(
      at: time, actor: actor, kind: .actionDone,
      text: "Done: \(action.number). \(action.text)" + (action.note.map { " — \($0)" } ?? ""))
  }
}
