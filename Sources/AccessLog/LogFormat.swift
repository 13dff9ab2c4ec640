/// An access-log line layout in nginx's own `log_format` syntax: literal text and `$variables`.
///
/// The parser needs only a few variables (`$time_local` or `$time_iso8601` or `$msec`,
/// `$request` or `$request_method` with `$request_uri`/`$uri`, `$status`, `$request_time`); the
/// others are skipped. A variable's value runs up to the next literal text of the format, which
/// is how nginx writes them: quotes inside values are escaped as `\x22`.
public struct LogFormat: Hashable, Sendable {
  /// One piece of a format.
  public enum Token: Hashable, Sendable {
    /// Text written as is.
    case literal([UInt8])
    /// A variable's value.
    case variable(Field)
  }

  /// The variables the parser understands; any other is skipped as `.other`.
  public enum Field: Hashable, Sendable {
    case timeLocal
    case timeISO8601
    case msec
    case request
    case requestMethod
    case requestURI
    case status
    case requestTime
    case other(String)
  }

  /// The tokens in order.
  public let tokens: [Token]
  /// Tokens from this index on may be missing at the end of a line (the default format's
  /// optional ` $request_time`).
  public let optionalFrom: Int?

  /// nginx's predefined `combined` format.
  public static let combinedText =
    #"$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent""#

  /// The default: `combined`, optionally followed by ` $request_time`.
  public static let `default`: LogFormat = {
    // The text is a constant; parsing it cannot fail.
    let combined =
      (try? LogFormat(parsing: combinedText)) ?? LogFormat(tokens: [], optionalFrom: nil)
    return LogFormat(
      tokens: combined.tokens + [.literal([UInt8(ascii: " ")]), .variable(.requestTime)],
      optionalFrom: combined.tokens.count)
  }()

  /// Whether this is nginx's `combined` layout (with or without the optional ` $request_time`),
  /// which the scanner reads by a direct path.
  public var isCombinedLayout: Bool {
    guard let combined = try? LogFormat(parsing: Self.combinedText) else { return false }
    if optionalFrom == nil { return tokens == combined.tokens }
    return tokens == combined.tokens + [.literal([UInt8(ascii: " ")]), .variable(.requestTime)]
      && optionalFrom == combined.tokens.count
  }

  init(tokens: [Token], optionalFrom: Int?) {
    self.tokens = tokens
    self.optionalFrom = optionalFrom
  }

  /// Parses a format in nginx `log_format` syntax (`combined` names the predefined one).
  /// - Throws: `LogFormatError` when a needed variable is missing or two variables touch.
  public init(parsing text: String) throws(LogFormatError) {
    if text == "combined" {
      try self.init(parsing: Self.combinedText)
      return
    }
    var tokens: [Token] = []
    var literal: [UInt8] = []
    let bytes = Array(text.utf8)
    var index = 0
    func isNameByte(_ byte: UInt8) -> Bool {
      (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57)
        || byte == 95
    }
    while index < bytes.count {
      let byte = bytes[index]
      guard byte == UInt8(ascii: "$") else {
        literal.append(byte)
        index += 1
        continue
      }
      var name: [UInt8] = []
      if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") {
        guard let close = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: "}")) else {
          throw .malformed("unclosed ${ at byte \(index + 1)")
        }
        name = Array(bytes[(index + 2)..<close])
        index = close + 1
      } else {
        index += 1
        while index < bytes.count, isNameByte(bytes[index]) {
          name.append(bytes[index])
          index += 1
        }
      }
      guard !name.isEmpty else { throw .malformed("'$' without a variable name at byte \(index)") }
      if !literal.isEmpty {
        tokens.append(.literal(literal))
        literal = []
      } else if case .variable? = tokens.last {
        throw .malformed(
          "variables $\(String(decoding: name, as: UTF8.self)) and the one before it have no text between them"
        )
      }
      tokens.append(.variable(Self.field(named: String(decoding: name, as: UTF8.self))))
    }
    if !literal.isEmpty { tokens.append(.literal(literal)) }
    self.init(tokens: tokens, optionalFrom: nil)
    let fields = Set(
      tokens.compactMap { token -> Field? in
        if case .variable(let field) = token { return field }
        return nil
      })
    guard !fields.isDisjoint(with: [.timeLocal, .timeISO8601, .msec]) else {
      throw .missingField("a time: $time_local, $time_iso8601 or $msec")
    }
    guard fields.contains(.status) else { throw .missingField("$status") }
    guard fields.contains(.request) || fields.contains(.requestMethod) else {
      throw .missingField("the request: $request, or $request_method with $request_uri or $uri")
    }
  }

  static func field(named name: String) -> Field {
    switch name {
    case "time_local": return .timeLocal
    case "time_iso8601": return .timeISO8601
    case "msec": return .msec
    case "request": return .request
    case "request_method": return .requestMethod
    case "request_uri", "uri": return .requestURI
    case "status": return .status
    case "request_time": return .requestTime
    default: return .other(name)
    }
  }
}

/// A `--log-format` the parser cannot use.
public enum LogFormatError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The text is not nginx `log_format` syntax.
  case malformed(String)
  /// A variable the metrics need is absent.
  case missingField(String)

  /// What is wrong and what is expected.
  public var description: String {
    switch self {
    case .malformed(let detail): return "invalid log format: \(detail)"
    case .missingField(let field):
      return "the log format has no \(field); p0watch needs it to bucket and judge requests"
    }
  }
}
