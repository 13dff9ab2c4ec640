import AccessLog

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An open access log read with `pread`: a class only because it owns a file descriptor.
/// Sendable: its properties are constants and `pread` may be called from several threads.
final class LogFile: Sendable {
  let path: String
  let descriptor: Int32
  let device: UInt64
  let inode: UInt64
  let size: Int64

  init(path: String) throws(FileError) {
    self.path = path
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw FileError(reason: String(cString: strerror(errno))) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      let reason = String(cString: strerror(errno))
      close(descriptor)
      throw FileError(reason: reason)
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      close(descriptor)
      throw FileError(reason: "not a regular file")
    }
    self.descriptor = descriptor
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
    size = Int64(info.st_size)
  }

  deinit { close(descriptor) }

  /// Reads up to `count` bytes at `offset` into `buffer`; returns how many were read.
  func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int64) throws -> Int {
    var total = 0
    while total < count {
      let got = pread(descriptor, buffer + total, count - total, off_t(offset) + off_t(total))
      if got < 0 {
        if errno == EINTR { continue }
        throw FileError(reason: String(cString: strerror(errno)))
      }
      if got == 0 { break }
      total += got
    }
    return total
  }

  /// The first bytes of the file, which identify it.
  func prefix(_ count: Int) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    var read = 0
    try bytes.withUnsafeMutableBytes { raw in
      guard let base = raw.baseAddress else { return }
      read = try self.read(into: base, count: count, at: 0)
    }
    return Array(bytes.prefix(read))
  }

  /// The start of the first line that begins at or after `position` (a line starts at 0 or
  /// right after `\n`); nil when no line starts before `limit`.
  func lineStart(atOrAfter position: Int64, limit: Int64) throws -> Int64? {
    if position == 0 { return 0 }
    var at = position - 1
    let block = 65_536
    var buffer = [UInt8](repeating: 0, count: block)
    while at < limit {
      let want = Int(min(Int64(block), limit - at))
      var found: Int64?
      var got = 0
      try buffer.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return }
        got = try self.read(into: base, count: want, at: at)
        if let hit = memchr(base, 0x0A, got) { found = at + Int64(base.distance(to: hit)) }
      }
      if let found { return found + 1 <= limit ? found + 1 : nil }
      if got == 0 { return nil }
      at += Int64(got)
    }
    return nil
  }

  /// The end of the last complete line at or before `limit` (0 when there is none).
  func lastLineEnd(before limit: Int64, notBefore floor: Int64) throws -> Int64 {
    let block: Int64 = 65_536
    var end = limit
    var buffer = [UInt8](repeating: 0, count: Int(block))
    while end > floor {
      let start = max(floor, end - block)
      let count = Int(end - start)
      var found: Int64?
      try buffer.withUnsafeMutableBytes { raw in
        guard let base = raw.baseAddress else { return }
        let got = try self.read(into: base, count: count, at: start)
        if let hit = lastNewline(base, got) { found = start + Int64(hit) + 1 }
      }
      if let found { return found }
      end = start
    }
    return floor
  }

  /// Scans the whole lines in `[start, stop)` into `totals`, through a reused 4 MiB buffer.
  func scan(
    from start: Int64, to stop: Int64, with scanner: LogScanner, into totals: inout ScanTotals
  ) throws {
    let capacity = 4 << 20
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    defer { buffer.deallocate() }
    var carry = 0
    var position = start
    var skippingOverlongLine = false
    while position < stop {
      let want = Int(min(Int64(capacity - carry), stop - position))
      let got = try read(into: buffer + carry, count: want, at: position)
      if got == 0 { break }
      position += Int64(got)
      let filled = carry + got
      guard let newlineIndex = lastNewline(buffer, filled) else {
        if filled == capacity {
          // A line longer than the buffer: count it once as malformed and drop it.
          if !skippingOverlongLine { totals.recordOverlongLine() }
          skippingOverlongLine = true
          carry = 0
        } else {
          carry = filled
        }
        continue
      }
      var from = 0
      if skippingOverlongLine, let first = memchr(buffer, 0x0A, filled) {
        from = buffer.distance(to: first) + 1
        skippingOverlongLine = false
      }
      let end = newlineIndex + 1
      if end > from {
        scanner.scan(UnsafeRawBufferPointer(start: buffer + from, count: end - from), into: &totals)
      }
      carry = filled - end
      if carry > 0 { memmove(buffer, buffer + end, carry) }
    }
  }
}

/// The index of the last `\n` among `count` bytes (lines are short, so this looks at few bytes).
private func lastNewline(_ base: UnsafeRawPointer, _ count: Int) -> Int? {
  let bytes = base.assumingMemoryBound(to: UInt8.self)
  var index = count - 1
  while index >= 0 {
    if bytes[index] == 0x0A { return index }
    index -= 1
  }
  return nil
}
