import WindowModel
import WindowStore

enum StatusCommand {
  static let spec = CommandSpec(
    path: ["status"], usage: "status",
    summary: "the on-call dashboard: hour and phase, checklist, metrics, incidents, escalations"
  ) { _, context in
    let checklist = try context.openStore().read { try ChecklistContext.load($0, context: context) }
    let window = checklist.window
    let now = checklist.now
    let hour = window.hour(at: now)
    let phase = hour.flatMap { checklist.runbook.phase(containing: $0) }
    let round = checklist.currentRound
    let progress = round.map { checklist.status.progress(in: $0) }
    let missed = checklist.status.missed
    if context.json {
      context.outJSON(
        .object([
          ("window_id", .int(window.id.rawValue)),
          ("release", .string(window.release)),
          ("state", .string(window.state.rawValue)),
          ("now", .string(now.iso8601)),
          ("started_at", .string(window.startedAt.iso8601)),
          ("ends_at", .string(window.endsAt.iso8601)),
          ("hour", hour.map { .int($0) } ?? .null),
          ("hours", .int(window.hours)),
          ("phase", .optional(phase?.id)),
          ("round", round.map { .int($0.number) } ?? .null),
          ("due", progress.map { .int($0.due) } ?? .null),
          ("done", progress.map { .int($0.done) } ?? .null),
          ("missed", .int(missed.count)),
          (
            "missed_by_phase",
            .object(
              checklist.runbook.phases.map { phase in
                (phase.id, .int(missed.filter { $0.round.phase.id == phase.id }.count))
              })
          ),
        ]))
      return ExitCode.ok
    }
    var headline =
      "Window \(window.id) · \(Text.sanitized(window.release)) · "
      + WindowCommands.describe(window.position(at: now), hours: window.hours)
    if let phase {
      headline +=
        " · phase \(phase.id) (\(phase.name), hours \(phase.hours.lowerBound)–\(phase.hours.upperBound))"
    }
    if window.state == .closed { headline += " · closed" }
    context.out(headline)
    context.out(
      "now \(now.iso8601) · started \(window.startedAt.iso8601) · ends \(window.endsAt.iso8601)")
    if let round, let progress {
      let open = checklist.status.entries(in: round).filter { $0.tick == nil }.map {
        String($0.number)
      }
      var line = "Checklist round \(round.number): \(progress.done)/\(progress.due) done"
      if !open.isEmpty { line += " (open: \(open.joined(separator: ", ")))" }
      context.out(line)
    }
    if !missed.isEmpty {
      context.out(
        "Missed checks so far: \(missed.count) (\(CheckCommands.summary(of: missed, runbook: checklist.runbook)))"
      )
    }
    return ExitCode.ok
  }
}
