import Foundation
import Testing
import WindowModel
import WindowStore

/// A fresh temporary directory per test (WAL needs a real file), removed afterwards.
final class TemporaryDirectory {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "p0watch-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Runs the sqlite3 shell on a database; returns its exit code and stderr.
func sqliteShell(_ database: String, _ sql: String) throws -> (Int32, String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["sqlite3", database, sql]
  let errors = Pipe()
  process.standardError = errors
  process.standardOutput = Pipe()
  try process.run()
  let data = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// The tables of a database, as the sqlite3 shell lists them.
func sqliteTables(_ database: String) throws -> [String] {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["sqlite3", database, "SELECT name FROM sqlite_master WHERE type = 'table'"]
  let output = Pipe()
  process.standardOutput = output
  try process.run()
  let data = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

let start = Timestamp(secondsSinceEpoch: 1_762_696_800)  // 2025-11-09T14:00:00Z

@Suite struct WindowStoreTests {
  let directory: TemporaryDirectory
  init() throws { directory = try TemporaryDirectory() }

  func makeWindow(_ store: WindowStore) throws -> Window {
    try store.write { transaction in
      try transaction.createWindow(
        release: "v2.0.0-p0", startedAt: start, hours: 72, runbookJSON: "{}", recordedAt: start)
    }
  }

  @Test func createsMigratesAndReopens() throws {
    let path = directory.path("p0.db")
    let store = try WindowStore(path: path, mode: .createIfMissing)
    #expect(try store.schemaVersion() == WindowStore.latestSchemaVersion)
    let window = try makeWindow(store)
    let reopened = try WindowStore(path: path, mode: .existingOnly)
    let windows = try reopened.read { try $0.windows() }
    #expect(windows == [window])
    #expect(try reopened.read { try $0.latestActiveWindow() }?.id == window.id)
    let (code, _) = try sqliteShell(path, "PRAGMA journal_mode")
    #expect(code == 0)
  }

  @Test func eventsComeBackInTimeOrderWithinTheRange() throws {
    let store = try WindowStore(path: directory.path("p0.db"), mode: .createIfMissing)
    let window = try makeWindow(store)
    try store.write { transaction in
      for (hours, text) in [(25, "late"), (1, "early"), (1, "early too"), (0, "start")] {
        try transaction.append(
          NewEvent(at: start.adding(.hours(hours)), actor: "alice", kind: .note, text: text),
          to: window.id, recordedAt: start)
      }
    }
    let all = try store.read { try $0.events(in: window.id) }
    #expect(all.map(\.content.text) == ["start", "early", "early too", "late"])
    let ranged = try store.read {
      try $0.events(in: window.id, from: start.adding(.hours(1)), to: start.adding(.hours(2)))
    }
    #expect(ranged.map(\.content.text) == ["early", "early too"])
    #expect(try store.read { try $0.eventCount(in: window.id) } == 4)
  }

  @Test func aFailingTransactionWritesNothing() throws {
    struct Boom: Error {}
    let store = try WindowStore(path: directory.path("p0.db"), mode: .createIfMissing)
    let window = try makeWindow(store)
    #expect(throws: Boom.self) {
      try store.write { transaction in
        try transaction.append(
          NewEvent(at: start, actor: "a", kind: .note, text: "lost"), to: window.id,
          recordedAt: start)
        throw Boom()
      }
    }
    #expect(try store.read { try $0.eventCount(in: window.id) } == 0)
  }

  @Test func theEventTableIsAppendOnlyEvenFromTheShell() throws {
    let path = directory.path("p0.db")
    let store = try WindowStore(path: path, mode: .createIfMissing)
    let window = try makeWindow(store)
    try store.write {
      try $0.append(
        NewEvent(at: start, actor: "a", kind: .note, text: "kept"), to: window.id, recordedAt: start
      )
    }
    let (updateCode, updateError) = try sqliteShell(path, "UPDATE events SET text = 'changed'")
    #expect(updateCode != 0)
    #expect(updateError.contains("events are append-only: UPDATE is not allowed"))
    let (deleteCode, deleteError) = try sqliteShell(path, "DELETE FROM events")
    #expect(deleteCode != 0)
    #expect(deleteError.contains("events are append-only: DELETE is not allowed"))
    #expect(try store.read { try $0.events(in: window.id) }.map(\.content.text) == ["kept"])
  }

  @Test func anOlderDatabaseIsMigratedForwardKeepingItsData() throws {
    let path = directory.path("old.db")
    let window = try makeWindow(try WindowStore(path: path, mode: .createIfMissing))
    // Make it look like a version-1 database: only the tables migration 1 creates.
    let later = try sqliteTables(path).filter {
      !["windows", "events", "sqlite_sequence"].contains($0)
    }
    #expect(!later.isEmpty)
    let drops = later.map { "DROP TABLE \($0);" }.joined()
    let (code, _) = try sqliteShell(
      path, "PRAGMA foreign_keys = OFF; \(drops) PRAGMA user_version = 1")
    #expect(code == 0)
    let store = try WindowStore(path: path, mode: .existingOnly)
    #expect(try store.schemaVersion() == WindowStore.latestSchemaVersion)
    #expect(try store.read { try $0.windows() } == [window])
    #expect(try store.read { try $0.checkMarks(in: window.id) } == [])
    #expect(
      try sqliteTables(path).sorted()
        == (later + ["windows", "events", "sqlite_sequence"]).sorted())
  }

  @Test func aMissingFileIsNotCreatedByReaders() throws {
    let path = directory.path("absent.db")
    #expect(throws: StoreError.missing(path: path)) {
      try WindowStore(path: path, mode: .existingOnly)
    }
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func aFileThatIsNotADatabaseIsReportedNotTrapped() throws {
    let path = directory.path("notes.txt")
    try Data(repeating: 0x41, count: 4_096).write(to: URL(fileURLWithPath: path))
    #expect(throws: StoreError.notADatabase(path: path)) {
      try WindowStore(path: path, mode: .existingOnly)
    }
  }

  @Test func aNewerDatabaseIsRefusedAndLeftUntouched() throws {
    let path = directory.path("future.db")
    _ = try WindowStore(path: path, mode: .createIfMissing)
    let (code, _) = try sqliteShell(path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99")
    #expect(code == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(
      throws: StoreError.newerSchema(
        path: path, found: 99, supported: WindowStore.latestSchemaVersion)
    ) {
      try WindowStore(path: path, mode: .existingOnly)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
  }

  @Test func aFolderThatDoesNotExistCannotBeCreated() throws {
    let path = directory.path("no/such/folder/p0.db")
    #expect {
      try WindowStore(path: path, mode: .createIfMissing)
    } throws: { error in
      if case .cannotOpen(let failedPath, _) = error as? StoreError { return failedPath == path }
      return false
    }
  }

  @Test func aWriterWaitingPastTheTimeoutGetsBusyAndWritesNothing() throws {
    let path = directory.path("p0.db")
    let holder = try WindowStore(path: path, mode: .createIfMissing)
    let window = try makeWindow(holder)
    let waiter = try WindowStore(path: path, mode: .existingOnly, busyTimeoutMilliseconds: 50)
    try holder.write { _ in
      #expect(throws: StoreError.busy(path: path)) {
        try waiter.write { transaction in
          try transaction.append(
            NewEvent(at: start, actor: "b", kind: .note, text: "x"), to: window.id,
            recordedAt: start)
        }
      }
    }
    #expect(try holder.read { try $0.eventCount(in: window.id) } == 0)
  }
}
