/// Text shaping for people: sanitizing what came from users or logs, aligned tables,
/// Markdown cells and CSV fields.
enum Text {
  /// Removes terminal control sequences (ESC [ ... ), other control characters and DEL, so
  /// text from users or logs cannot move the cursor or recolour the terminal. Newlines and
  /// tabs are kept unless `singleLine`, which turns them into visible `⏎` and spaces.
  static func sanitized(_ text: String, singleLine: Bool = false) -> String {
    var result = String.UnicodeScalarView()
    var scalars = text.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      switch scalar.value {
      case 0x1B:
        // Skip an escape sequence: CSI (ESC [ params final) or a two-character one.
        // Skip the whole escape sequence: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \\),
        // or a two-character one.
        switch scalars.next() {
        case "[":
          while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
        case "]":
          while let next = scalars.next(), next.value != 0x07, next.value != 0x1B {}
        default:
          break
        }
      case 0x0A:
        if singleLine {
          result.append(contentsOf: " ⏎ ".unicodeScalars)
        } else {
          result.append(scalar)
        }
      case 0x09:
        result.append(singleLine ? " " : scalar)
      case 0x00...0x1F, 0x7F, 0x80...0x9F:
        continue
      default:
        result.append(scalar)
      }
    }
    return String(result)
  }

  /// The number of terminal columns a string takes (wide emoji and CJK count two).
  static func width(_ text: String) -> Int {
    var total = 0
    for character in text {
      let scalars = character.unicodeScalars
      guard let first = scalars.first else { continue }
      let value = first.value
      if scalars.contains(where: { $0.value == 0xFE0F }) || (0x1F300...0x1FAFF).contains(value)
        || (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
        || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
        || (0xFF00...0xFF60).contains(value) || value == 0x2705 || value == 0x274C
      {
        total += 2
      } else {
        total += 1
      }
    }
    return total
  }

  /// `text` padded with spaces to `width` columns.
  static func padded(_ text: String, to width: Int) -> String {
    let missing = width - Self.width(text)
    return missing > 0 ? text + String(repeating: " ", count: missing) : text
  }

  /// Rows laid out in aligned columns, two spaces apart; cells are sanitized to one line.
  static func table(header: [String], rows: [[String]]) -> String {
    let cells = ([header] + rows).map { $0.map { sanitized($0, singleLine: true) } }
    var widths = Array(repeating: 0, count: header.count)
    for row in cells {
      for (column, cell) in row.enumerated() where column < widths.count {
        widths[column] = max(widths[column], width(cell))
      }
    }
    return cells.map { row in
      var line = ""
      for (column, cell) in row.enumerated() {
        line += column == row.count - 1 ? cell : padded(cell, to: widths[column]) + "  "
      }
      while line.hasSuffix(" ") { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }

  /// A Markdown table cell: `|` escaped, newlines as `<br>`, control characters removed.
  static func markdownCell(_ text: String) -> String {
    var cell = sanitized(text).replacingAll("\\", with: "\\\\").replacingAll("|", with: "\\|")
    cell = cell.replacingAll("\r\n", with: "\n").replacingAll("\r", with: "\n")
    return cell.split(separator: "\n", omittingEmptySubsequences: false)
      .map { String($0).trimmingCharacters(" \t") }
      .joined(separator: "<br>")
  }

  /// A Markdown table with escaped cells.
  static func markdownTable(header: [String], rows: [[String]]) -> String {
    var lines = ["| " + header.map(markdownCell).joined(separator: " | ") + " |"]
    lines.append("|" + header.map { _ in "---" }.joined(separator: "|") + "|")
    for row in rows { lines.append("| " + row.map(markdownCell).joined(separator: " | ") + " |") }
    return lines.joined(separator: "\n")
  }

  /// One RFC 4180 record: fields quoted when they hold a comma, quote, CR or LF; CRLF ended.
  static func csvRecord(_ fields: [String]) -> String {
    fields.map { field in
      let needsQuotes = field.contains {
        $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n"
      }
      return needsQuotes ? "\"" + field.replacingAll("\"", with: "\"\"") + "\"" : field
    }.joined(separator: ",") + "\r\n"
  }
}

extension Text {
  /// `text` in red when `enabled` (a terminal without NO_COLOR), else as is.
  static func red(_ text: String, enabled: Bool) -> String {
    enabled ? "\u{1B}[31m" + text + "\u{1B}[0m" : text
  }
}

extension String {
  /// Every occurrence of `target` replaced by `replacement`.
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty, contains(target) else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    result += rest
    return result
  }

  /// The string without leading and trailing characters from `set`.
  func trimmingCharacters(_ set: String) -> String {
    guard let first = firstIndex(where: { !set.contains($0) }),
      let last = lastIndex(where: { !set.contains($0) })
    else { return "" }
    return String(self[first...last])
  }
}

extension String {
  /// The string with its first letter upper-cased: `high` → `High`.
  var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
