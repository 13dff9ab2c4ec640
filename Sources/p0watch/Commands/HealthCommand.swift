import Escalation
import WindowModel
import WindowStore

enum HealthCommand {
  static let spec = CommandSpec(
    path: ["health"], usage: "health",
    summary: "one line for cron and Nagios/Icinga: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN"
  ) { _, context in
    do {
      let (scope, data, incidents, escalations) = try context.openStore().read { transaction in
        let scope = try WindowScope.load(transaction, context: context)
        return (
          scope, try transaction.metricData(in: scope.window.id),
          try transaction.incidents(in: scope.window.id),
          try transaction.escalations(in: scope.window.id)
        )
      }
      let series = scope.runbook.metrics.map { MetricSeries(metric: $0, hours: data[$0.id] ?? [:]) }
      var latest: [MetricID: Double] = [:]
      for item in series {
        if let figure = item.latestHour?.figure { latest[item.metric.id] = figure }
      }
      let overdue = escalations.inReviewOrder(at: scope.now) { $0.page }.compactMap { record in
        record.page.minutesLate(at: scope.now).map {
          OverduePage(id: record.id, contact: record.page.contact, minutesLate: $0)
        }
      }
      let report = scope.runbook.health(
        latestFigures: latest, unresolved: incidents.filter(\.isUnresolved), overdue: overdue)
      let summary =
        report.reasons.isEmpty
        ? "window \(scope.window.id) \(scope.window.release), \(WindowCommands.describe(scope.window.position(at: scope.now), hours: scope.window.hours)), all metrics on target"
        : report.reasons.joined(separator: "; ")
      let perfdata = series.compactMap { item -> String? in
        guard let figure = latest[item.metric.id] else { return nil }
        return perfDatum(item.metric, figure)
      }
      var line =
        "P0WATCH \(report.state.label) - \(Text.sanitized(summary, singleLine: true).replacingAll("|", with: "/"))"
      if !perfdata.isEmpty { line += " | " + perfdata.joined(separator: " ") }
      context.out(line)
      return report.state.rawValue
    } catch {
      context.out("P0WATCH UNKNOWN - \(unknownReason(error))")
      return HealthState.unknown.rawValue
    }
  }

  /// `me_success_rate=99.7%;99.5:;99:` — Nagios performance data: the target as the warning
  /// range and the alert threshold as the critical range, in Nagios range syntax (OK inside).
  static func perfDatum(_ metric: Metric, _ figure: Double) -> String {
    let unit: String
    switch metric.unit {
    case .percent: unit = "%"
    case .ms: unit = "ms"
    case .count: unit = ""
    }
    return
      "\(metric.id)=\(formatNumber(figure, maxFractionDigits: 4))\(unit);\(okRange(metric.target));\(alertRange(metric.alertThreshold))"
  }

  /// The Nagios range a value must stay in to meet `threshold` (a target).
  static func okRange(_ threshold: Threshold) -> String {
    let value = formatNumber(threshold.value, maxFractionDigits: 4)
    switch threshold.comparator {
    case .greater, .greaterOrEqual: return "\(value):"
    case .less, .lessOrEqual: return "~:\(value)"
    case .equal: return "\(value):\(value)"
    }
  }

  /// The Nagios range a value must stay in to avoid crossing `threshold` (an alert threshold).
  static func alertRange(_ threshold: Threshold) -> String {
    let value = formatNumber(threshold.value, maxFractionDigits: 4)
    switch threshold.comparator {
    case .less, .lessOrEqual: return "\(value):"
    case .greater, .greaterOrEqual: return "~:\(value)"
    case .equal: return "@\(value):\(value)"
    }
  }

  static func unknownReason(_ error: Error) -> String {
    switch error {
    case CLIError.data(let message), CLIError.missingInput(let message), CLIError.busy(let message):
      return message
    case CLIError.dataLines(let lines): return lines.joined(separator: "; ")
    case CLIError.usage(let message, _): return message
    default: return "\(error)"
    }
  }
}
