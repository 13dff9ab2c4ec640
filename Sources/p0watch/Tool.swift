import WindowModel
import WindowStore

/// The command line as a function: arguments, environment and the clock in; output and an exit
/// code out. `main.swift` is the only caller that touches the process.
enum Tool {
  static let version = "0.1.0"

  static var commands: [CommandSpec] {
    [
      RunbookCommands.validate, RunbookCommands.show,
      WindowCommands.start, WindowCommands.list, WindowCommands.show, WindowCommands.close,
      StatusCommand.spec,
      CheckCommands.list, CheckCommands.done, CheckCommands.undo,
      MetricCommands.record, MetricCommands.list, MetricCommands.show, IngestCommand.spec,
      IncidentCommands.open, IncidentCommands.list, IncidentCommands.show, IncidentCommands.update,
      IncidentCommands.resolve,
      EscalationCommands.escalate, EscalationCommands.ack, EscalationCommands.review,
      HealthCommand.spec, NoteCommand.spec, TimelineCommand.spec,
      ReportCommands.daily, ReportCommands.final, ActionCommands.list, ActionCommands.done,
    ]
  }

  /// Runs one command line and returns its exit code; output is left in the context.
  static func run(
    arguments: [String], environment: [String: String], wallClock: Timestamp,
    stdoutIsTerminal: Bool,
    progress: ((String) -> Void)? = nil, monotonicSeconds: @escaping () -> Double = { 0 }
  ) -> (Context, Int32) {
    let parser = ArgumentParser(commands: commands)
    do {
      let (command, invocation, globals) = try parser.parse(arguments)
      let context = Context(
        environment: environment, globals: globals, wallClock: wallClock,
        stdoutIsTerminal: stdoutIsTerminal, progress: progress, monotonicSeconds: monotonicSeconds)
      guard let command, let invocation else {
        if globals.version {
          context.out("p0watch \(version)")
          return (context, ExitCode.ok)
        }
        context.outRaw(overview())
        return (context, globals.help ? ExitCode.ok : ExitCode.usage)
      }
      if globals.help {
        context.outRaw(help(for: command))
        return (context, ExitCode.ok)
      }
      do {
        return (context, try command.run(invocation, context))
      } catch {
        return (context, report(error, to: context))
      }
    } catch {
      let context = Context(
        environment: environment, globals: GlobalArguments(), wallClock: wallClock,
        stdoutIsTerminal: false)
      return (context, report(error, to: context))
    }
  }

  static func overview() -> String {
    var text = """
      p0watch — track the 72 hours after a risky release: checklists, metrics, incidents,
      escalations with response SLAs, reports and the post-mortem timeline, in one SQLite file.

      Usage: p0watch <command> [options]

      Commands:

      """
    let width = commands.map { $0.name.count }.max() ?? 0
    for command in commands {
      text += "  " + Text.padded(command.name, to: width) + "  " + command.summary + "\n"
    }
    text += "\nGlobal options (before or after the command):\n"
    text += optionLines(globalOptions)
    text += """

      TIME is ISO 8601 (2025-11-09T14:05:00Z, offsets allowed), T+6h30m (from the window start)
      or -15m (from now).

      See 'p0watch <command> --help' for a command's options.

      """
    return text
  }

  static func help(for command: CommandSpec) -> String {
    var text = "\(command.summary)\n\nUsage: p0watch \(command.usage)\n"
    if !command.options.isEmpty {
      text += "\nOptions:\n" + optionLines(command.options)
    }
    text += "\nGlobal options:\n" + optionLines(globalOptions)
    return text
  }

  static func optionLines(_ options: [OptionSpec]) -> String {
    let labels = options.map { "--\($0.name)" + ($0.value.map { " \($0)" } ?? "") }
    let width = labels.map(\.count).max() ?? 0
    return zip(labels, options).map { "  " + Text.padded($0, to: width) + "  " + $1.help + "\n" }
      .joined()
  }
}
