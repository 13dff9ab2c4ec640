/// One round of a phase: the slot in which each recurring item is due once.
///
/// Rounds are named by the window hour they start at, so in the hourly seed runbook "round 2"
/// is hour 2 (T+2h to T+3h).
public struct ChecklistRound: Hashable, Sendable {
  /// The phase the round belongs to.
  public var phase: Phase
  /// The window hours it spans.
  public var hours: Range<Int>

  /// The round's name: the window hour it starts at.
  public var number: Int { hours.lowerBound }

  /// The round's span as window offsets, e.g. `T+02:00–T+03:00`.
  public var span: String {
    "\(Duration.hours(hours.lowerBound).offsetString)–\(Duration.hours(hours.upperBound).offsetString)"
  }

  /// The checklist items listed in this round, numbered from 1 in runbook order: every
  /// recurring item, and the phase's `once` items (due until ticked in any round of the phase).
  public var items: [ChecklistItem] { phase.items }
}

extension Runbook {
  /// The round containing window hour `hour`, if a phase covers it.
  public func round(containing hour: Int) -> ChecklistRound? {
    guard let phase = phase(containing: hour) else { return nil }
    let offset = (hour - phase.hours.lowerBound) / phase.roundHours * phase.roundHours
    let start = phase.hours.lowerBound + offset
    return ChecklistRound(
      phase: phase, hours: start..<min(start + phase.roundHours, phase.hours.upperBound))
  }

  /// Every round of a phase, in order.
  public func rounds(of phase: Phase) -> [ChecklistRound] {
    stride(from: phase.hours.lowerBound, to: phase.hours.upperBound, by: phase.roundHours).map {
      ChecklistRound(phase: phase, hours: $0..<min($0 + phase.roundHours, phase.hours.upperBound))
    }
  }

  /// The checklist item with `id`, and its phase.
  public func checklistItem(_ id: ChecklistItemID) -> (Phase, ChecklistItem)? {
    for phase in phases {
      if let item = phase.items.first(where: { $0.id == id }) { return (phase, item) }
    }
    return nil
  }
}

/// A tick or its reversal, as recorded. Marks are append-only: an undo is a new mark.
public struct CheckMark: Hashable, Sendable {
  /// The item ticked.
  public var item: ChecklistItemID
  /// The round it was ticked for (its start hour), which may be a past round (backfill).
  public var round: Int
  /// Whether this mark ticks or reverses a tick.
  public var action: Action
  /// When it was recorded.
  public var at: Timestamp
  /// Who recorded it.
  public var actor: String
  /// A note (`--note`, or the reason of an undo).
  public var note: String?
  /// Whether the check found a problem (`--issue`).
  public var foundIssue: Bool

  /// Creates a mark.
  public init(
    item: ChecklistItemID, round: Int, action: Action, at: Timestamp, actor: String,
    note: String? = nil, foundIssue: Bool = false
  ) {
    self.item = item
    self.round = round
    self.action = action
    self.at = at
    self.actor = actor
    self.note = note
    self.foundIssue = foundIssue
  }

  /// What a mark does.
  public enum Action: String, Hashable, Sendable {
    /// Ticks the item for the round.
    case done
    /// Reverses the tick.
    case undo
  }
}

/// A recurring item not ticked in a round that is over, or a `once` item not ticked in a phase
/// that is over.
public struct MissedCheck: Hashable, Sendable {
  /// The round it was due in (for a `once` item: the phase's last round).
  public var round: ChecklistRound
  /// The item.
  public var item: ChecklistItem
}

/// The checklist of a window at one moment: what is due, done and missed. Pure: built from the
/// runbook, the marks and the window hour it is asked about.
public struct ChecklistStatus: Sendable {
  /// The runbook whose checklist this is.
  public let runbook: Runbook
  /// The window hour "now" falls in, or `window.hours` once the window is over, or nil before it.
  public let currentHour: Int?
  private let ticks: [Key: CheckMark]

  private struct Key: Hashable {
    let item: ChecklistItemID
    let round: Int
  }

  /// Folds the marks (in recording order) into the current ticks.
  /// - Parameter currentHour: the hour "now" falls in: `Window.position(at:)` as an hour,
  ///   `hours` after the end, nil before the start.
  public init(runbook: Runbook, marks: [CheckMark], currentHour: Int?) {
    self.runbook = runbook
    self.currentHour = currentHour
    var ticks: [Key: CheckMark] = [:]
    for mark in marks {
      let key = Key(item: mark.item, round: mark.round)
      switch mark.action {
      case .done: ticks[key] = mark
      case .undo: ticks[key] = nil
      }
    }
    self.ticks = ticks
  }

  /// The tick that satisfies `item` in `round`, if any: for a `once` item, a tick in any round
  /// of the phase up to this one.
  public func tick(of item: ChecklistItem, in round: ChecklistRound) -> CheckMark? {
    switch item.cadence {
    case .round:
      return ticks[Key(item: item.id, round: round.number)]
    case .once:
      return runbook.rounds(of: round.phase)
        .lazy.filter { $0.number <= round.number }
        .compactMap { ticks[Key(item: item.id, round: $0.number)] }
        .first
    }
  }

  /// Items listed in `round` with their ticks, numbered from 1.
  public func entries(in round: ChecklistRound) -> [Entry] {
    round.items.enumerated().map {
      Entry(number: $0.offset + 1, item: $0.element, tick: tick(of: $0.element, in: round))
    }
  }

  /// One line of a round's listing.
  public struct Entry: Hashable, Sendable {
    /// Its number in the listing (1-based, runbook order).
    public var number: Int
    /// The item.
    public var item: ChecklistItem
    /// The tick that satisfies it, if any.
    public var tick: CheckMark?
  }

  /// How many items are due and done in `round`.
  public func progress(in round: ChecklistRound) -> (due: Int, done: Int) {
    let entries = entries(in: round)
    return (entries.count, entries.filter { $0.tick != nil }.count)
  }

  /// Whether `round` is over at the current hour.
  public func isPast(_ round: ChecklistRound) -> Bool {
    guard let currentHour else { return false }
    return round.hours.upperBound <= currentHour
  }

  /// Checks missed in `round` (none unless the round is over).
  public func missed(in round: ChecklistRound) -> [MissedCheck] {
    guard isPast(round) else { return [] }
    let isLastOfPhase = round.hours.upperBound == round.phase.hours.upperBound
    return round.items.filter { item in
      switch item.cadence {
      case .round: return tick(of: item, in: round) == nil
      case .once: return isLastOfPhase && tick(of: item, in: round) == nil
      }
    }.map { MissedCheck(round: round, item: $0) }
  }

  /// Every check missed so far in `phase`, round by round.
  public func missed(in phase: Phase) -> [MissedCheck] {
    runbook.rounds(of: phase).flatMap { missed(in: $0) }
  }

  /// Every check missed so far in the window.
  public var missed: [MissedCheck] { runbook.phases.flatMap { missed(in: $0) } }

  /// The rounds of `phase` that have begun by the current hour.
  public func roundsSoFar(of phase: Phase) -> [ChecklistRound] {
    guard let currentHour else { return [] }
    return runbook.rounds(of: phase).filter { $0.number <= currentHour }
  }
}

/// Why a checklist request cannot be honoured; each case names the valid choices.
public enum ChecklistError: Error, Hashable, Sendable, CustomStringConvertible {
  /// `check done 99`: no such number or id in the round's listing.
  case unknownItem(String, round: Int, validNumbers: ClosedRange<Int>, validIDs: [String])
  /// `--hour 80` on a 72-hour window.
  case hourOutsideWindow(Int, hours: Int)
  /// `--hour 5` at hour 3.
  case futureRound(hour: Int, currentHour: Int)
  /// No current round (before the window starts), and no `--hour`.
  case noCurrentRound

  /// What went wrong and what is valid.
  public var description: String {
    switch self {
    case .unknownItem(let given, let round, let numbers, let ids):
      return
        "no checklist item \"\(given)\" in round \(round); valid: numbers \(numbers.lowerBound)–\(numbers.upperBound) or ids \(ids.joined(separator: ", "))"
    case .hourOutsideWindow(let hour, let hours):
      return "hour \(hour) is outside the window; valid hours are 0–\(hours - 1)"
    case .futureRound(let hour, let currentHour):
      return
        "round \(hour) is in the future; valid hours are 0–\(currentHour) (the current round is \(currentHour))"
    case .noCurrentRound:
      return "the window has not started yet; there is no round to check"
    }
  }
}

extension ChecklistStatus {
  /// The round for `check` and `check done`: the round of `hour` (backfill) or the current one.
  /// - Throws: `ChecklistError` for an hour outside the window or in the future.
  public func round(forHour hour: Int?, windowHours: Int) throws(ChecklistError) -> ChecklistRound {
    let latest = min(currentHour ?? -1, windowHours - 1)
    if let hour {
      guard (0..<windowHours).contains(hour) else {
        throw .hourOutsideWindow(hour, hours: windowHours)
      }
      guard hour <= latest else {
        if latest < 0 { throw .noCurrentRound }
        throw .futureRound(hour: hour, currentHour: latest)
      }
      guard let round = runbook.round(containing: hour) else {
        throw .hourOutsideWindow(hour, hours: windowHours)
      }
      return round
    }
    guard latest >= 0, let round = runbook.round(containing: latest) else { throw .noCurrentRound }
    return round
  }

  /// Resolves `check done 3` or `check done cookie_flags` against a round's listing.
  /// - Throws: `ChecklistError.unknownItem` with the valid numbers and ids.
  public func item(_ reference: String, in round: ChecklistRound) throws(ChecklistError)
    -> ChecklistItem
  {
    let items = round.items
    if let number = Int(reference), (1...items.count).contains(number) { return items[number - 1] }
    if let item = items.first(where: { $0.id.rawValue == reference }) { return item }
    throw .unknownItem(
      reference, round: round.number, validNumbers: 1...items.count,
      validIDs: items.map(\.id.rawValue))
  }
}
