import Foundation
import Testing

/// The README's walkthrough is a transcript: this test runs its commands in order and checks
/// that each prints exactly what the README shows, so the README stays true.
@Suite struct ReadmeTests {
  struct Step {
    let command: String
    let expected: String
  }

  func walkthrough() throws -> [Step] {
    let readme = try String(
      contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let start = try #require(readme.range(of: "<!-- walkthrough:start -->"))
    let end = try #require(readme.range(of: "<!-- walkthrough:end -->"))
    var steps: [Step] = []
    var command: String?
    var output: [String] = []
    for line in readme[start.upperBound..<end.lowerBound].split(
      separator: "\n", omittingEmptySubsequences: false)
    {
      if line.hasPrefix("```") { continue }
      if line.hasPrefix("$ ") {
        if let command {
          steps.append(Step(command: command, expected: output.map { $0 + "\n" }.joined()))
        }
        command = String(line.dropFirst(2))
        output = []
      } else if command != nil {
        output.append(String(line))
      }
    }
    if let command {
      while output.last == "" { output.removeLast() }
      steps.append(Step(command: command, expected: output.map { $0 + "\n" }.joined()))
    }
    return steps
  }

  @Test func theWalkthroughPrintsWhatTheReadmeSays() throws {
    let steps = try walkthrough()
    #expect(steps.count >= 6)
    let sandbox = try Sandbox()
    let separator = "@@@ step done @@@"
    var script =
      "set -u\nexport PATH=\"\(binary.deletingLastPathComponent().path):$PATH\"\nunset P0WATCH_DB\n"
    for step in steps { script += "\(step.command) 2>&1\necho '\(separator)'\n" }
    let run = try sandbox.external(["bash", "-c", script])
    var outputs = run.stdout.components(separatedBy: separator + "\n")
    outputs.removeLast()
    #expect(outputs.count == steps.count)
    for (step, output) in zip(steps, outputs) {
      #expect(output == step.expected, "README step `\(step.command)`")
    }
  }
}
