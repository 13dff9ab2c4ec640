import WindowModel
import WindowStore

enum NoteCommand {
  static let spec = CommandSpec(
    path: ["note"], usage: "note TEXT [--tag TAG] [--at TIME] [--incident ID]",
    summary: "add a free-form event to the timeline (--tag feedback feeds the daily report)",
    options: [
      OptionSpec(name: "tag", value: "TAG", help: "a short lowercase tag, e.g. feedback"),
      OptionSpec(name: "at", value: "TIME", help: "when it happened (default: now)"),
      OptionSpec(name: "incident", value: "ID", help: "attach the note to an incident's timeline"),
    ],
    positionals: 1...1
  ) { invocation, context in
    let text = invocation.positionals[0]
    guard !text.trimmingCharacters(" \t\r\n").isEmpty else {
      throw CLIError.usage("The note is empty; give its text as one argument", invocation.spec)
    }
    let tag = invocation.value("tag")
    if let tag, !Tag.isValid(tag) {
      throw CLIError.usage(
        "Invalid value '\(tag)' for '--tag': expected up to 32 of a-z, 0-9, '_' and '-', starting with a letter",
        invocation.spec)
    }
    let store = try context.openStore()
    let event = try store.write { transaction in
      let window = try context.selectWindow(in: transaction)
      let now = try context.now(for: window)
      let at = try context.pastTime(invocation, now: now, window: window)
      var note = NewEvent.note(text, tag: tag, at: at, actor: context.actor)
      if let reference = invocation.value("incident") {
        note.incidentID = try IncidentDesk.incident(reference, in: window, transaction: transaction)
          .id
      }
      let event = try transaction.append(note, to: window.id, recordedAt: now)
      return (event, window)
    }
    if context.json {
      context.outJSON(TimelineCommand.json(event.0, window: event.1))
    } else {
      context.out(
        "Noted at \(event.0.content.at.iso8601) (\(event.1.offset(of: event.0.content.at))) as event \(event.0.id)."
      )
    }
    return ExitCode.ok
  }
}
