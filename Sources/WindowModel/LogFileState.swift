/// How far ingest has read one log file, and how the file is recognised next time.
///
/// A file is recognised by a fingerprint of its first bytes (which do not change as it grows),
/// checked together with its device and inode: a rotated `access.log.1` keeps its inode and
/// fingerprint and is resumed where it was left; the new `access.log` has neither and starts
/// at 0.
public struct LogFileState: Hashable, Sendable {
  /// The store's id for this state; nil before it is first saved.
  public var id: Int64?
  /// The path it was last read under.
  public var path: String
  /// The file system's device number.
  public var device: UInt64
  /// The inode number.
  public var inode: UInt64
  /// FNV-1a hash of the first `fingerprintLength` bytes.
  public var fingerprint: UInt64
  /// How many leading bytes the fingerprint covers (up to 1024).
  public var fingerprintLength: Int
  /// Bytes read so far: always the end of a complete line.
  public var offset: Int64
  /// Complete lines read so far.
  public var lines: Int64

  /// Creates a state.
  public init(
    id: Int64?, path: String, device: UInt64, inode: UInt64, fingerprint: UInt64,
    fingerprintLength: Int,
    offset: Int64, lines: Int64
  ) {
    self.id = id
    self.path = path
    self.device = device
    self.inode = inode
    self.fingerprint = fingerprint
    self.fingerprintLength = fingerprintLength
    self.offset = offset
    self.lines = lines
  }

  /// How many leading bytes identify a file.
  public static let fingerprintSpan = 1_024

  /// FNV-1a, 64 bits.
  public static func fingerprint(of bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return hash
  }
}

/// Where to start reading a file.
public enum ResumeDecision: Hashable, Sendable {
  /// Continue a known file from its saved state.
  case resume(LogFileState)
  /// A file not seen before (or truncated and rewritten): read from the start; `replacing` is
  /// the state of a previous file with the same identity that it supersedes.
  case startOver(replacing: Int64?)
}

extension LogFileState {
  /// Decides where to read a file from, given what the window has read before.
  /// - Parameters:
  ///   - device, inode, size: the file as `stat` sees it now.
  ///   - prefix: the file's first bytes (up to `fingerprintSpan`).
  public static func decide(
    device: UInt64, inode: UInt64, size: Int64, prefix: [UInt8], known: [LogFileState]
  ) -> ResumeDecision {
    let candidates = known.filter { state in
      state.fingerprintLength <= prefix.count
        && fingerprint(of: prefix.prefix(state.fingerprintLength)) == state.fingerprint
        && state.fingerprintLength > 0
    }
    // Prefer the same inode; a copy with the same first bytes elsewhere is the same log.
    if let match = candidates.first(where: { $0.device == device && $0.inode == inode })
      ?? candidates.first,
      size >= match.offset
    {
      return .resume(match)
    }
    let sameInode = known.first { $0.device == device && $0.inode == inode }
    return .startOver(replacing: sameInode?.id)
  }
}
