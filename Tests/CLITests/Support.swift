import Foundation
import Testing

/// The built `p0watch` binary: next to the test bundle, where `swift build` puts it.
let binary: URL = {
  if let path = ProcessInfo.processInfo.environment["P0WATCH_BIN"] {
    return URL(fileURLWithPath: path)
  }
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for _ in 0..<4 {
    let candidate = directory.appendingPathComponent("p0watch")
    if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    directory = directory.deletingLastPathComponent()
  }
  return repositoryRoot.appendingPathComponent(".build/debug/p0watch")
}()

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

/// What one run of the binary produced.
struct Run {
  let status: Int32
  let stdout: String
  let stderr: String

  /// stdout parsed as JSON.
  func json() throws -> Any {
    try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
  }

  /// stdout parsed as a JSON object.
  func object() throws -> [String: Any] {
    try #require(try json() as? [String: Any], "stdout is not a JSON object: \(stdout)")
  }

  /// stdout parsed as a JSON array of objects.
  func objects() throws -> [[String: Any]] {
    try #require(try json() as? [[String: Any]], "stdout is not a JSON array: \(stdout)")
  }
}

/// A sandbox for end-to-end runs: its own directory and database, a fixed user.
final class Sandbox {
  let directory: URL
  var environment: [String: String]

  init() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "p0watch-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    environment = [
      "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
      "P0WATCH_DB": directory.appendingPathComponent("p0watch.db").path,
      "USER": "oncall",
    ]
  }

  deinit { try? FileManager.default.removeItem(at: directory) }

  var database: String { environment["P0WATCH_DB"] ?? "" }

  func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

  /// Runs `p0watch` with `arguments` in the sandbox directory.
  @discardableResult
  func run(_ arguments: String..., stdin: String? = nil) throws -> Run {
    try run(arguments: arguments)
  }

  /// Runs `p0watch` with `arguments` in the sandbox directory.
  @discardableResult
  func run(arguments: [String]) throws -> Run {
    try execute(binary, arguments, environment: environment, stdin: nil)
  }

  /// Runs a program in the sandbox directory and collects its exit code and output.
  func execute(
    _ executable: URL, _ arguments: [String], environment: [String: String], stdin: String?
  ) throws -> Run {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    process.currentDirectoryURL = directory
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Starts a window at 2025-11-09T14:00:00Z and checks it worked.
  func startWindow(_ extra: String...) throws {
    let run = try run(arguments: ["window", "start", "--now", "2025-11-09T14:00:00Z"] + extra)
    #expect(run.status == 0, "window start failed: \(run.stderr)")
  }

  /// Runs an external program (python3, sqlite3, bash) in the sandbox, with the sandbox's
  /// environment and the built `p0watch` first on the PATH.
  func external(_ arguments: [String], stdin: String? = nil) throws -> Run {
    var environment = self.environment
    environment["PATH"] =
      binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    return try execute(
      URL(fileURLWithPath: "/usr/bin/env"), arguments, environment: environment, stdin: stdin)
  }
}
