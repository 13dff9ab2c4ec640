#if canImport(Glibc)
  import Glibc  // log and pow only
#elseif canImport(Darwin)
  import Darwin
#endif

/// Response times in logarithmic buckets: a fixed-size summary that merges exactly, so hour
/// figures combine into window figures without rereading logs.
///
/// Percentile method: nearest rank (the smallest recorded time with at least p% of times at or
/// below it), answered with the midpoint of its bucket. Buckets grow by a factor
/// γ = (1 + α) / (1 − α) with α = 1%, so the answer is within ±1% of the true nearest-rank value
/// for times of 1 ms and above; times under 1 ms count as 0 ms.
public struct LatencyHistogram: Hashable, Sendable {
  /// The relative accuracy of percentiles.
  public static let relativeAccuracy = 0.01
  static let gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy)
  static let logGamma = log(gamma)

  /// Counts of times under 1 ms.
  public private(set) var zeroCount: Int64 = 0
  /// Counts per bucket index (bucket i holds times in (γ^(i-1), γ^i] ms).
  public private(set) var buckets: [Int: Int64] = [:]

  /// An empty histogram.
  public init() {}

  /// How many times were recorded.
  public var count: Int64 { buckets.values.reduce(zeroCount, +) }

  /// The bucket of a time in milliseconds.
  public static func bucket(ofMilliseconds value: Double) -> Int? {
    guard value >= 1 else { return nil }
    return Int((log(value) / logGamma).rounded(.up))
  }

  /// Records one time in milliseconds.
  public mutating func record(milliseconds value: Double, count: Int64 = 1) {
    if let bucket = Self.bucket(ofMilliseconds: value) {
      buckets[bucket, default: 0] += count
    } else {
      zeroCount += count
    }
  }

  /// Records `count` times that fall into bucket `index` (as `bucket(ofMilliseconds:)` gives).
  public mutating func record(bucket index: Int?, count: Int64) {
    if let index { buckets[index, default: 0] += count } else { zeroCount += count }
  }

  /// This histogram and `other` together.
  public func merging(_ other: LatencyHistogram) -> LatencyHistogram {
    var merged = self
    merged.zeroCount += other.zeroCount
    for (bucket, count) in other.buckets { merged.buckets[bucket, default: 0] += count }
    return merged
  }

  /// The nearest-rank `p`th percentile in milliseconds, within ±1%; nil when empty.
  public func percentile(_ p: Double) -> Double? {
    let total = count
    guard total > 0 else { return nil }
    let rank = max(1, Int64((p / 100 * Double(total)).rounded(.up)))
    var seen = zeroCount
    if seen >= rank { return 0 }
    for bucket in buckets.keys.sorted() {
      seen += buckets[bucket] ?? 0
      if seen >= rank {
        return 2 * pow(Self.gamma, Double(bucket)) / (Self.gamma + 1)
      }
    }
    return nil
  }

  /// A compact text form for storage: `z:<zero count>;<bucket>:<count>;...`.
  public var encoded: String {
    (["z:\(zeroCount)"] + buckets.keys.sorted().map { "\($0):\(buckets[$0] ?? 0)" }).joined(
      separator: ";")
  }

  /// Reads the text form; nil when it is not one.
  public init?(encoded text: String) {
    for part in text.split(separator: ";") {
      let fields = part.split(separator: ":")
      guard fields.count == 2, let count = Int64(fields[1]), count >= 0 else { return nil }
      if fields[0] == "z" {
        zeroCount = count
      } else if let bucket = Int(fields[0]) {
        buckets[bucket] = count
      } else {
        return nil
      }
    }
  }
}
