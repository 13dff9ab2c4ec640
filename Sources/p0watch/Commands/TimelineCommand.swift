import WindowModel
import WindowStore

enum TimelineCommand {
  static let spec = CommandSpec(
    path: ["timeline"],
    usage: "timeline [--from TIME] [--to TIME] [--incident ID] [--format text|md|json|csv]",
    summary: "the post-mortem timeline with T+hh:mm offsets",
    options: [
      OptionSpec(name: "from", value: "TIME", help: "first moment included"),
      OptionSpec(name: "to", value: "TIME", help: "last moment included"),
      OptionSpec(name: "format", value: "FORMAT", help: "text (default), md, json or csv"),
      OptionSpec(name: "incident", value: "ID", help: "only the events of one incident"),
    ]
  ) { invocation, context in
    let format =
      try invocation.choice("format", ["text", "md", "json", "csv"])
      ?? (context.json ? "json" : "text")
    let store = try context.openStore()
    let (window, events) = try store.read { transaction in
      let window = try context.selectWindowIncludingClosed(in: transaction)
      let now = try context.now(for: window)
      let from = try invocation.value("from").map {
        try context.time($0, option: "from", now: now, window: window, spec: invocation.spec)
      }
      let to = try invocation.value("to").map {
        try context.time($0, option: "to", now: now, window: window, spec: invocation.spec)
      }
      if let from, let to, to < from {
        throw CLIError.usage(
          "'--to' (\(to.iso8601)) is before '--from' (\(from.iso8601))", invocation.spec)
      }
      let incident = try invocation.value("incident").map { reference in
        try IncidentDesk.incident(reference, in: window, transaction: transaction).id
      }
      return (window, try transaction.events(in: window.id, from: from, to: to, incident: incident))
    }
    switch format {
    case "json":
      context.outJSON(.array(events.map { json($0, window: window) }))
    case "csv":
      var output = Text.csvRecord([
        "id", "at", "offset", "actor", "kind", "text", "incident_id", "tag",
      ])
      for event in events {
        let content = event.content
        output += Text.csvRecord([
          String(event.id.rawValue), content.at.iso8601, window.offset(of: content.at),
          content.actor,
          content.kind.rawValue, content.text, content.incidentID.map { String($0.rawValue) } ?? "",
          content.tag ?? "",
        ])
      }
      context.outRaw(output)
    case "md":
      context.out("# Timeline — window \(window.id), \(Text.markdownCell(window.release))")
      context.out()
      context.out("Started \(window.startedAt.iso8601); times in UTC.")
      context.out()
      context.out(
        Text.markdownTable(
          header: ["Time (UTC)", "Offset", "Actor", "Kind", "Text"],
          rows: events.map { row($0, window: window) }))
    default:
      if events.isEmpty {
        context.out("No events in this range.")
      } else {
        context.out(
          Text.table(
            header: ["TIME (UTC)", "OFFSET", "ACTOR", "KIND", "TEXT"],
            rows: events.map { row($0, window: window) }))
      }
    }
    return ExitCode.ok
  }

  /// One event as a table row: time, offset, actor, kind, text with its tag.
  static func row(_ event: Event, window: Window) -> [String] {
    let content = event.content
    return [
      content.at.iso8601, window.offset(of: content.at), content.actor, content.kind.rawValue,
      content.text + (content.tag.map { " [\($0)]" } ?? ""),
    ]
  }

  static func json(_ event: Event, window: Window) -> JSONValue {
    let content = event.content
    return .object([
      ("id", .int(event.id.rawValue)),
      ("at", .string(content.at.iso8601)),
      ("offset", .string(window.offset(of: content.at))),
      ("actor", .string(content.actor)),
      ("kind", .string(content.kind.rawValue)),
      ("text", .string(content.text)),
      ("incident_id", .optional(content.incidentID?.rawValue)),
      ("tag", .optional(content.tag)),
    ])
  }
}
