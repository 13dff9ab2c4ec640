// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "p0watch",
  products: [
    .executable(name: "p0watch", targets: ["p0watch"])
  ],
  targets: [
    .systemLibrary(
      name: "CSQLite",
      pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]
    ),
    // `Double.rounded()` and friends call into libm; the pure model imports no C module.
    .target(name: "WindowModel", linkerSettings: [.linkedLibrary("m")]),
    .target(name: "Escalation", dependencies: ["WindowModel"]),
    .target(name: "AccessLog", dependencies: ["WindowModel"]),
    .target(name: "WindowStore", dependencies: ["CSQLite", "WindowModel", "Escalation"]),
    .executableTarget(
      name: "p0watch",
      dependencies: ["WindowModel", "Escalation", "WindowStore", "AccessLog"]
    ),
    .testTarget(name: "WindowModelTests", dependencies: ["WindowModel"]),
    .testTarget(name: "EscalationTests", dependencies: ["Escalation", "WindowModel"]),
    .testTarget(name: "WindowStoreTests", dependencies: ["WindowStore", "WindowModel"]),
    .testTarget(name: "AccessLogTests", dependencies: ["AccessLog", "WindowModel"]),
    .testTarget(name: "CLITests", dependencies: ["p0watch"]),
  ],
  swiftLanguageModes: [.v6]
)
