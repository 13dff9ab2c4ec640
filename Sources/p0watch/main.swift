import WindowModel

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The process boundary: the only place that reads the clock, the environment and the
// arguments, and writes to the real stdout and stderr.
var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
  let pair = String(cString: pointer)
  if let equals = pair.firstIndex(of: "=") {
    environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
  }
  entry += 1
}

let (context, status) = Tool.run(
  arguments: Array(CommandLine.arguments.dropFirst()),
  environment: environment,
  wallClock: Timestamp(secondsSinceEpoch: Int64(time(nil))),
  stdoutIsTerminal: isatty(STDOUT_FILENO) == 1,
  progress: isatty(STDERR_FILENO) == 1
    ? { FileSystem.write("\r\u{1B}[K" + $0, to: STDERR_FILENO) } : nil,
  monotonicSeconds: {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
  })
FileSystem.write(context.stdout, to: STDOUT_FILENO)
FileSystem.write(context.stderr, to: STDERR_FILENO)
exit(status)
