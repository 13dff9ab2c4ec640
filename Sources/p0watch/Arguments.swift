/// One option a command accepts.
struct OptionSpec: Sendable {
  /// The long name without dashes, e.g. `hour`.
  let name: String
  /// The value's placeholder (`N`, `TIME`); nil for a flag.
  let value: String?
  /// One line of help.
  let help: String
  /// Whether it may be given more than once.
  var repeatable = false
}

/// A command: its words, usage line, help and accepted options.
struct CommandSpec: Sendable {
  /// The command words, e.g. `["window", "start"]`.
  let path: [String]
  /// The usage after `p0watch`, e.g. `window start [--release V] [--at TIME] [--hours N]`.
  let usage: String
  /// One line saying what it does.
  let summary: String
  /// Options it accepts besides the global ones.
  var options: [OptionSpec] = []
  /// How many positional arguments it takes.
  var positionals: ClosedRange<Int> = 0...0
  /// What runs it.
  let run: @Sendable (Invocation, Context) throws -> Int32

  var name: String { path.joined(separator: " ") }
}

/// The options every command accepts, before or after the command words.
let globalOptions: [OptionSpec] = [
  OptionSpec(
    name: "db", value: "PATH", help: "database file (env P0WATCH_DB, default ./p0watch.db)"),
  OptionSpec(
    name: "runbook", value: "PATH",
    help:
      "runbook for a new window (env P0WATCH_RUNBOOK; default ./runbook.json if present, else built in)"
  ),
  OptionSpec(
    name: "now", value: "TIME", help: "pretend the current time is TIME (env P0WATCH_NOW)"),
  OptionSpec(
    name: "as", value: "NAME", help: "actor recorded on events (env P0WATCH_USER, default $USER)"),
  OptionSpec(
    name: "window", value: "ID", help: "window to act on (default: the latest active one)"),
  OptionSpec(name: "json", value: nil, help: "print one JSON document on stdout"),
  OptionSpec(name: "help", value: nil, help: "show help"),
  OptionSpec(name: "version", value: nil, help: "print the version"),
]

/// A parsed command line for one command.
struct Invocation {
  let spec: CommandSpec
  let positionals: [String]
  let options: [String: [String]]

  /// The value of an option given once (the last one if repeated).
  func value(_ name: String) -> String? { options[name]?.last }

  /// Whether a flag was given.
  func flag(_ name: String) -> Bool { options[name] != nil }

  /// The value of an integer option, checked against `range`.
  func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
    guard let text = value(name) else { return nil }
    guard let number = Int(text), range.contains(number) else {
      throw CLIError.usage(
        "Invalid value '\(text)' for '--\(name)': expected a whole number from \(range.lowerBound) to \(range.upperBound)",
        spec)
    }
    return number
  }

  /// The value of an option restricted to `choices`.
  func choice(_ name: String, _ choices: [String]) throws -> String? {
    guard let text = value(name) else { return nil }
    guard choices.contains(text) else {
      throw CLIError.usage(
        "Invalid value '\(text)' for '--\(name)': expected one of \(choices.joined(separator: ", "))",
        spec)
    }
    return text
  }
}

/// The global options as given on the command line (environment fallbacks are applied later).
struct GlobalArguments {
  var values: [String: String] = [:]
  var json = false
  var help = false
  var version = false
}

/// Splits a command line into the command, its options and positionals, and the global options.
///
/// Options may come before or after the command words, as `--name value` or `--name=value`;
/// `--` ends options. A word that looks like a negative number or a relative time (`-15m`) is
/// a value, not an option.
struct ArgumentParser {
  let commands: [CommandSpec]

  func parse(_ arguments: [String]) throws -> (CommandSpec?, Invocation?, GlobalArguments) {
    var optionsByName: [String: OptionSpec] = [:]
    for option in globalOptions + commands.flatMap(\.options)
    where optionsByName[option.name] == nil {
      optionsByName[option.name] = option
    }
    var words: [String] = []
    var given: [(String, String?)] = []
    var index = 0
    var onlyWords = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if onlyWords || !argument.hasPrefix("-") || argument == "-" || looksLikeValue(argument) {
        words.append(argument)
        continue
      }
      if argument == "--" {
        onlyWords = true
        continue
      }
      if argument == "-h" {
        given.append(("help", nil))
        continue
      }
      guard argument.hasPrefix("--") else {
        throw CLIError.usage("Unknown option '\(argument)'", nil)
      }
      var name = String(argument.dropFirst(2))
      var inlineValue: String?
      if let equals = name.firstIndex(of: "=") {
        inlineValue = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      guard let option = optionsByName[name] else {
        throw CLIError.usage(
          "Unknown option '--\(name)'"
            + suggestion(for: name, among: Array(optionsByName.keys), prefix: "--"), nil)
      }
      if let placeholder = option.value {
        if let inlineValue {
          given.append((name, inlineValue))
        } else {
          guard index < arguments.count else {
            throw CLIError.usage("Missing value for '--\(name) <\(placeholder)>'", nil)
          }
          given.append((name, arguments[index]))
          index += 1
        }
      } else {
        if inlineValue != nil { throw CLIError.usage("'--\(name)' takes no value", nil) }
        given.append((name, nil))
      }
    }

    var globals = GlobalArguments()
    let globalNames = Set(globalOptions.map(\.name))
    for (name, value) in given where globalNames.contains(name) {
      switch name {
      case "json": globals.json = true
      case "help": globals.help = true
      case "version": globals.version = true
      default: globals.values[name] = value
      }
    }
    if words.first == "help" {
      globals.help = true
      words.removeFirst()
    }
    if words.isEmpty { return (nil, nil, globals) }

    let command =
      commands
      .filter { words.starts(with: $0.path) }
      .max { $0.path.count < $1.path.count }
    guard let command else {
      let groups = commands.filter { $0.path.first == words[0] }
      if !groups.isEmpty {
        let choices = groups.map { $0.path.dropFirst().joined(separator: " ") }.filter {
          !$0.isEmpty
        }
        throw CLIError.usage(
          "Unknown subcommand '\(words.dropFirst().first ?? "")' for '\(words[0])'; expected one of: \(choices.joined(separator: ", "))",
          groups[0])
      }
      let names = Array(Set(commands.map { $0.path[0] })).sorted()
      throw CLIError.usage(
        "Unknown command '\(words[0])'" + suggestion(for: words[0], among: names), nil)
    }
    var options: [String: [String]] = [:]
    let allowed = Dictionary(command.options.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    for (name, value) in given where !globalNames.contains(name) {
      guard let option = allowed[name] else {
        throw CLIError.usage("Unknown option '--\(name)' for '\(command.name)'", command)
      }
      if options[name] != nil, !option.repeatable {
        throw CLIError.usage("'--\(name)' may be given only once", command)
      }
      options[name, default: []].append(value ?? "")
    }
    let positionals = Array(words.dropFirst(command.path.count))
    if !globals.help {
      if positionals.count < command.positionals.lowerBound {
        throw CLIError.usage("Missing argument for '\(command.name)'", command)
      }
      if positionals.count > command.positionals.upperBound {
        throw CLIError.usage(
          "Unexpected argument '\(positionals[command.positionals.upperBound])'", command)
      }
    }
    return (command, Invocation(spec: command, positionals: positionals, options: options), globals)
  }

  /// `-15m`, `-2`, `-0.5`: values, not options.
  private func looksLikeValue(_ argument: String) -> Bool {
    guard argument.count > 1, argument.hasPrefix("-") else { return false }
    let second = argument[argument.index(after: argument.startIndex)]
    return second.isNumber || second == "."
  }

  private func suggestion(for word: String, among names: [String], prefix: String = "") -> String {
    let ranked = names.map { ($0, editDistance($0, word)) }
    guard let best = ranked.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }), best.1 <= 2
    else { return "" }
    return ". Did you mean '\(prefix)\(best.0)'?"
  }
}

/// Levenshtein distance, for "did you mean" suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...b.count {
      current[j] = min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.count]
}
