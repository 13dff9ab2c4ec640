import WindowModel
import WindowStore

/// An error the command line reports, with the exit code it maps to.
enum CLIError: Error {
  /// Bad command line: message plus the command's usage; exit 64.
  case usage(String, CommandSpec?)
  /// Well-formed input that is wrong (unknown id, value out of range, no window); exit 65.
  case data(String)
  /// Several problems in one input, e.g. a runbook; exit 65.
  case dataLines([String])
  /// An input file that does not exist or cannot be read; exit 66.
  case missingInput(String)
  /// Another process holds what this command needs; nothing was written; exit 75.
  case busy(String)
}

/// sysexits codes, as the spec names them.
enum ExitCode {
  static let ok: Int32 = 0
  static let usage: Int32 = 64
  static let dataError: Int32 = 65
  static let noInput: Int32 = 66
  static let cannotCreate: Int32 = 73
  static let ioError: Int32 = 74
  static let busy: Int32 = 75
  static let software: Int32 = 70
}

/// The one place that turns any error into a message on stderr and an exit code.
func report(_ error: Error, to context: Context) -> Int32 {
  // Messages quote what users typed; keep terminal control sequences out of them too.
  let context = SanitizingErrors(context)
  switch error {
  case CLIError.usage(let message, let spec):
    context.err("Error: \(message)")
    if let spec {
      context.err("Usage: p0watch \(spec.usage)")
      context.err("  See 'p0watch \(spec.name) --help' for more information.")
    } else {
      context.err("Usage: p0watch <command> [options]")
      context.err("  See 'p0watch --help' for more information.")
    }
    return ExitCode.usage
  case CLIError.data(let message):
    context.err("Error: \(message)")
    return ExitCode.dataError
  case CLIError.dataLines(let lines):
    for line in lines { context.err(line) }
    return ExitCode.dataError
  case CLIError.missingInput(let message):
    context.err("Error: \(message)")
    return ExitCode.noInput
  case CLIError.busy(let message):
    context.err("Error: \(message)")
    return ExitCode.busy
  case let error as StoreError:
    context.err("Error: \(error)")
    switch error {
    case .missing: return ExitCode.noInput
    case .cannotOpen: return ExitCode.cannotCreate
    case .busy: return ExitCode.busy
    case .notADatabase, .newerSchema, .io, .sqlite: return ExitCode.ioError
    }
  default:
    context.err("Error: \(error)")
    return ExitCode.software
  }
}

/// Writes error lines to a context with control sequences removed.
private struct SanitizingErrors {
  let base: Context

  init(_ base: Context) { self.base = base }

  func err(_ line: String) { base.err(Text.sanitized(line)) }
}
