import Testing
import WindowModel

@Suite struct JSONTests {
  @Test func parsesEveryKindOfValue() throws {
    let value = try JSONValue(
      parsing:
        #"{"a": [1, -2.5, 1e2, true, false, null], "b": "x\"\\\n\u00e9\ud83d\ude80", "c": {}}"#)
    #expect(
      value["a"]
        == .array([.number(1), .number(-2.5), .number(100), .bool(true), .bool(false), .null]))
    #expect(value["b"] == .string("x\"\\\né🚀"))
    #expect(value["c"] == .object([]))
  }

  @Test(
    arguments: [
      ("{\n  \"a\": 1,\n  \"b\": 2,\n}", 4, 1, "expected a quoted key, found '}'"),
      ("{\"a\": tru}", 1, 7, "expected a value, found 't'"),
      ("[1, 2", 1, 6, "expected ',' or ']', found the end of the file"),
      ("{\"a\" 1}", 1, 6, "expected ':' after the key \"a\", found '1'"),
      ("{\"a\": 01}", 1, 7, "numbers may not have leading zeros"),
      ("{} x", 1, 4, "unexpected text after the JSON document"),
      ("{\"é\": \"x\ny\"}", 1, 9, "control character inside a string (write \\n, \\t, ...)"),
      ("[1e999]", 1, 2, "number 1e999 is out of range"),
    ] as [(String, Int, Int, String)])
  func reportsLineAndColumnOfSyntaxErrors(text: String, line: Int, column: Int, message: String) {
    #expect(throws: JSONSyntaxError(line: line, column: column, message: message)) {
      try JSONValue(parsing: text)
    }
  }

  @Test func serializesStablyAndReadsBack() throws {
    let value = JSONValue.object([
      ("id", .int(7)), ("rate", .number(99.5)), ("text", .string("a \"b\"\n\u{1}")),
      ("none", .null),
      ("list", .array([])),
    ])
    #expect(
      value.serialized(pretty: false)
        == #"{"id":7,"rate":99.5,"text":"a \"b\"\n\u0001","none":null,"list":[]}"#)
    #expect(try JSONValue(parsing: value.serialized()) == value)
  }
}
