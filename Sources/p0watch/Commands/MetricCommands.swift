import WindowModel
import WindowStore

enum MetricCommands {
  static let record = CommandSpec(
    path: ["metric", "record"], usage: "metric record METRIC VALUE [--at TIME] [--note TEXT]",
    summary: "store a reading, judge it against target and threshold, fire alert conditions",
    options: [
      OptionSpec(name: "at", value: "TIME", help: "when it was measured (default: now)"),
      OptionSpec(name: "note", value: "TEXT", help: "where the number came from"),
    ],
    positionals: 2...2
  ) { invocation, context in
    let result = try context.openStore().write { transaction in
      let scope = try WindowScope.load(transaction, context: context)
      try scope.requireActive()
      let metric = try scope.metric(invocation.positionals[0])
      let value: Double
      do { value = try metric.parseReading(invocation.positionals[1]) } catch {
        throw CLIError.data("\(error)")
      }
      let at = try context.pastTime(invocation, now: scope.now, window: scope.window)
      guard let hour = scope.window.hour(at: at) else {
        throw CLIError.data(
          "\(at.iso8601) is outside window \(scope.window.id) (\(scope.window.startedAt.iso8601) to \(scope.window.endsAt.iso8601))"
        )
      }
      let reading = Reading(value: value, at: at)
      let note = invocation.value("note")
      try transaction.recordReading(
        reading, of: metric.id, hour: hour, in: scope.window.id, actor: context.actor, note: note,
        event: .reading(reading, of: metric, hour: hour, note: note, actor: context.actor),
        recordedAt: scope.now)
      let series = MetricSeries(
        metric: metric, hours: try transaction.metricData(in: scope.window.id)[metric.id] ?? [:])
      let hourFigure = series.hourFigure(hour) ?? value
      let outcomes = try scope.desk(context, transaction).fireConditions(
        on: metric, figure: hourFigure, hour: hour)
      return (scope, metric, reading, hour, series, outcomes)
    }
    let (scope, metric, reading, hour, series, outcomes) = result
    let hourFigure = series.hourFigure(hour)
    let windowFigure = series.figure()
    if context.json {
      context.outJSON(
        .object([
          ("metric", .string(metric.id.rawValue)), ("value", .number(reading.value)),
          ("at", .string(reading.at.iso8601)),
          ("hour", .int(hour)), ("status", .string(metric.status(of: reading.value).rawValue)),
          ("hour_value", .optional(hourFigure)),
          ("hour_status", .string(metric.status(of: hourFigure).rawValue)),
          ("window_value", .optional(windowFigure)),
          ("window_status", .string(metric.status(of: windowFigure).rawValue)),
          ("alerts", .array(outcomes.map(json))),
        ]))
      return ExitCode.ok
    }
    let status = metric.status(of: reading.value)
    context.out(
      "\(metric.id) = \(metric.format(reading.value)) at \(scope.window.offset(of: reading.at)) (hour \(hour)): "
        + "\(status.symbol) \(status.rawValue) — target \(metric.target), alert \(metric.alertThreshold)"
    )
    if let hourFigure, let windowFigure {
      context.out(
        "hour \(hour) figure \(metric.format(hourFigure)) (\(metric.status(of: hourFigure).rawValue)) · window figure \(metric.format(windowFigure)) (\(metric.status(of: windowFigure).rawValue))"
      )
    }
    if status != .ok { context.out("Action: \(metric.action)") }
    for line in IncidentDesk.describe(outcomes, window: scope.window) { context.out(line) }
    return ExitCode.ok
  }

  static let list = CommandSpec(
    path: ["metric", "list"], usage: "metric list",
    summary: "every metric: latest value, hour and window figures, target, threshold, status"
  ) { _, context in
    let (scope, data) = try context.openStore().read { transaction in
      let scope = try WindowScope.load(transaction, context: context, includingClosed: true)
      return (scope, try transaction.metricData(in: scope.window.id))
    }
    let series = scope.runbook.metrics.map { MetricSeries(metric: $0, hours: data[$0.id] ?? [:]) }
    if context.json {
      context.outJSON(.array(series.map(json)))
      return ExitCode.ok
    }
    context.out(
      Text.table(
        header: ["", "METRIC", "LATEST", "HOUR", "WINDOW", "TARGET", "ALERT", "NAME"],
        rows: series.map { series in
          let metric = series.metric
          let latest = series.latestHour
          let window = series.figure()
          return [
            metric.status(of: latest?.figure).symbol, metric.id.rawValue,
            series.latestReading.map { metric.format($0.value) } ?? "-",
            latest.map { "\(metric.format($0.figure)) (h\($0.hour))" } ?? "-",
            window.map { "\(metric.format($0)) \(metric.status(of: $0).symbol)" } ?? "-",
            metric.target.description, metric.alertThreshold.description, metric.name,
          ]
        }))
    return ExitCode.ok
  }

  static let show = CommandSpec(
    path: ["metric", "show"], usage: "metric show METRIC",
    summary: "one metric's history, hour by hour, with status",
    positionals: 1...1
  ) { invocation, context in
    let (scope, data) = try context.openStore().read { transaction in
      let scope = try WindowScope.load(transaction, context: context, includingClosed: true)
      return (scope, try transaction.metricData(in: scope.window.id))
    }
    let metric = try scope.metric(invocation.positionals[0])
    let series = MetricSeries(metric: metric, hours: data[metric.id] ?? [:])
    if context.json {
      let hours = series.hoursWithData.map { hour -> JSONValue in
        let figure = series.hourFigure(hour)
        let hourData = series.hours[hour]
        return .object([
          ("hour", .int(hour)), ("value", .optional(figure)),
          ("status", .string(metric.status(of: figure).rawValue)),
          ("readings", .int(hourData?.readings.count ?? 0)),
          ("requests", hourData?.counts.map { .int($0.matched) } ?? .null),
        ])
      }
      context.outJSON(json(series).adding([("hours", .array(hours))]))
      return ExitCode.ok
    }
    context.out("\(metric.id) — \(metric.name) (\(metric.category))")
    context.out(
      "  target \(metric.target) · alert \(metric.alertThreshold) · unit \(metric.unit.rawValue) · action: \(metric.action)"
    )
    let windowFigure = series.figure()
    context.out(
      "  window figure: \(windowFigure.map { "\(metric.format($0)) \(metric.status(of: $0).symbol) \(metric.status(of: $0).rawValue)" } ?? "no data")"
    )
    guard !series.hoursWithData.isEmpty else {
      context.out("No readings yet. Record one with: p0watch metric record \(metric.id) VALUE")
      return ExitCode.ok
    }
    context.out()
    context.out(
      Text.table(
        header: ["HOUR", "SPAN", "FIGURE", "STATUS", "READINGS", "REQUESTS"],
        rows: series.hoursWithData.map { hour in
          let figure = series.hourFigure(hour)
          let status = metric.status(of: figure)
          let hourData = series.hours[hour]
          return [
            String(hour),
            "\(Duration.hours(hour).offsetString)–\(Duration.hours(hour + 1).offsetString)",
            figure.map(metric.format) ?? "-", "\(status.symbol) \(status.rawValue)",
            String(hourData?.readings.count ?? 0),
            hourData?.counts.map { String($0.matched) } ?? "-",
          ]
        }))
    return ExitCode.ok
  }

  static func json(_ series: MetricSeries) -> JSONValue {
    let metric = series.metric
    let latest = series.latestHour
    let window = series.figure()
    return .object([
      ("id", .string(metric.id.rawValue)),
      ("name", .string(metric.name)),
      ("unit", .string(metric.unit.rawValue)),
      ("latest", .optional(series.latestReading?.value ?? latest?.figure)),
      ("latest_at", .optional(series.latestReading?.at)),
      ("hour", latest.map { .int($0.hour) } ?? .null),
      ("hour_value", .optional(latest?.figure)),
      ("window_value", .optional(window)),
      ("target", .string(metric.target.description)),
      ("alert_threshold", .string(metric.alertThreshold.description)),
      ("status", .string(metric.status(of: latest?.figure).rawValue)),
      ("window_status", .string(metric.status(of: window).rawValue)),
      ("success_metric", .bool(metric.isSuccessMetric)),
    ])
  }

  static func json(_ outcome: AlertOutcome) -> JSONValue {
    switch outcome {
    case .opened(let condition, let incident, let page):
      return .object([
        ("condition", .string(condition.id.rawValue)),
        ("severity", .string(condition.severity.rawValue)),
        ("incident_id", .int(incident.id.rawValue)), ("opened", .bool(true)),
        ("escalation_id", page.map { .int($0.id.rawValue) } ?? .null),
      ])
    case .extended(let condition, let incident):
      return .object([
        ("condition", .string(condition.id.rawValue)),
        ("severity", .string(condition.severity.rawValue)),
        ("incident_id", .int(incident.id.rawValue)), ("opened", .bool(false)),
        ("escalation_id", .null),
      ])
    }
  }
}
