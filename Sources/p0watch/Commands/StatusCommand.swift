import WindowModel
import WindowStore

enum StatusCommand {
  static let spec = CommandSpec(
    path: ["status"], usage: "status",
    summary: "the on-call dashboard: hour and phase, checklist, metrics, incidents, escalations"
  ) { _, context in
    let store = try context.openStore()
    let window = try store.read { try context.selectWindow(in: $0) }
    let runbook = try context.runbook(of: window)
    let now = try context.now(for: window)
    let position = window.position(at: now)
    let hour = window.hour(at: now)
    let phase = hour.flatMap { runbook.phase(containing: $0) }
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
        ]))
      return ExitCode.ok
    }
    var headline =
      "Window \(window.id) · \(Text.sanitized(window.release)) · "
      + WindowCommands.describe(position, hours: window.hours)
    if let phase {
      headline +=
        " · phase \(phase.id) (\(phase.name), hours \(phase.hours.lowerBound)–\(phase.hours.upperBound))"
    }
    if window.state == .closed { headline += " · closed" }
    context.out(headline)
    context.out(
      "now \(now.iso8601) · started \(window.startedAt.iso8601) · ends \(window.endsAt.iso8601)")
    return ExitCode.ok
  }
}
