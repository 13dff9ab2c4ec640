/// One monitoring period for one release.
public struct Window: Hashable, Sendable {
  /// Its identifier.
  public var id: WindowID
  /// The release watched, e.g. "v2.0.0-p0".
  public var release: String
  /// When hour 0 begins.
  public var startedAt: Timestamp
  /// Its length in hours (72 by default).
  public var hours: Int
  /// Whether it is still being watched.
  public var state: State
  /// When it was closed, if it was.
  public var closedAt: Timestamp?
  /// The runbook it was started with, as JSON text: later runbook edits do not rewrite history.
  public var runbookJSON: String

  /// Creates a window value.
  public init(
    id: WindowID, release: String, startedAt: Timestamp, hours: Int, state: State,
    closedAt: Timestamp?, runbookJSON: String
  ) {
    self.id = id
    self.release = release
    self.startedAt = startedAt
    self.hours = hours
    self.state = state
    self.closedAt = closedAt
    self.runbookJSON = runbookJSON
  }

  /// A window's life cycle.
  public enum State: String, Hashable, Sendable, CaseIterable {
    case active
    case closed
  }

  /// When the last hour ends.
  public var endsAt: Timestamp { startedAt.adding(.hours(hours)) }

  /// Where `now` falls relative to this window.
  public func position(at now: Timestamp) -> Position {
    let elapsed = now.duration(since: startedAt).seconds
    if elapsed < 0 { return .notStarted(startsIn: Duration(seconds: -elapsed)) }
    let hour = Int(elapsed / 3_600)
    if hour >= hours { return .ended(hoursAgo: hour - hours) }
    return .hour(hour)
  }

  /// The window hour containing `time`, or nil when it lies outside the window.
  public func hour(at time: Timestamp) -> Int? {
    if case .hour(let hour) = position(at: time) { return hour }
    return nil
  }

  /// The hour checklists are judged at: the current hour inside the window, `hours` once it is
  /// over (every round is past), nil before it starts.
  public func checklistHour(at now: Timestamp) -> Int? {
    switch position(at: now) {
    case .notStarted: return nil
    case .hour(let hour): return hour
    case .ended: return hours
    }
  }

  /// The offset of `time` from the window's start, as timelines print it (`T+25:00`).
  public func offset(of time: Timestamp) -> String {
    time.duration(since: startedAt).offsetString
  }

  /// Where a moment falls relative to a window.
  public enum Position: Hashable, Sendable {
    /// Before hour 0.
    case notStarted(startsIn: Duration)
    /// Inside the window, in this 0-based hour.
    case hour(Int)
    /// After the last hour.
    case ended(hoursAgo: Int)
  }
}

extension Window {
  /// The active window already watching `release`, if any: a second one would split the
  /// on-call's ticks and readings between two windows, so starting it is refused.
  public static func activeWindow(for release: String, among windows: [Window]) -> Window? {
    windows.first { $0.state == .active && $0.release == release }
  }
}

/// Why a window cannot be started as asked.
public enum WindowRuleError: Error, Hashable, Sendable {
  /// `--hours` outside 1 … 8784.
  case invalidLength(Int)
  /// The runbook's phases do not fit a window of this length.
  case phasesExceedWindow(hours: Int, phasesEndAt: Int)
}

extension Runbook {
  /// Checks that a window of `hours` can use this runbook's checklist.
  /// - Throws: `WindowRuleError` when the length is out of range or shorter than the phases.
  public func validateWindowLength(_ hours: Int) throws(WindowRuleError) {
    guard (1...24 * 366).contains(hours) else { throw .invalidLength(hours) }
    let end = phases.map(\.hours.upperBound).max() ?? 0
    if hours < end { throw .phasesExceedWindow(hours: hours, phasesEndAt: end) }
  }
}
