import Escalation
import WindowModel
import WindowStore

enum StatusCommand {
  static let spec = CommandSpec(
    path: ["status"], usage: "status",
    summary: "the on-call dashboard: hour and phase, checklist, metrics, incidents, escalations"
  ) { _, context in
    let (checklist, incidents, escalations, data) = try context.openStore().read { transaction in
      let checklist = try ChecklistContext.load(
        transaction, context: context, includingClosed: true)
      return (
        checklist, try transaction.incidents(in: checklist.window.id),
        try transaction.escalations(in: checklist.window.id),
        try transaction.metricData(in: checklist.window.id)
      )
    }
    let series = checklist.runbook.metrics.map {
      MetricSeries(metric: $0, hours: data[$0.id] ?? [:])
    }
    let unresolved = incidents.filter(\.isUnresolved)
    let overdue = escalations.inReviewOrder(at: checklist.now) { $0.page }.filter {
      $0.page.isOverdue(at: checklist.now)
    }
    let dueSoon = escalations.filter { $0.page.isDueSoon(at: checklist.now) }
    let window = checklist.window
    let now = checklist.now
    let hour = window.hour(at: now)
    let phase = hour.flatMap { checklist.runbook.phase(containing: $0) }
    let round = checklist.currentRound
    let progress = round.map { checklist.status.progress(in: $0) }
    let missed = checklist.status.missed
    if context.json {
      context.outJSON(
        .object([
          ("window_id", .int(window.id.rawValue)),
          ("release", .string(window.release)),
          ("state", .string(window.state.rawValue)),
          ("now", .string(now.iso8601)),
          ("started_at", .string(window.startedAt.iso8601)),
          ("ends_at", .string(window.endsAt.iso8601)),
          ("hour", hour.map { .int($0) } ?? .null),
          ("hours", .int(window.hours)),
          ("phase", .optional(phase?.id)),
          ("round", round.map { .int($0.number) } ?? .null),
          ("due", progress.map { .int($0.due) } ?? .null),
          ("done", progress.map { .int($0.done) } ?? .null),
          ("missed", .int(missed.count)),
          ("open_incidents", .int(unresolved.count)),
          (
            "open_incidents_by_severity",
            .object(
              Severity.allCases.map { severity in
                (severity.rawValue, .int(unresolved.filter { $0.severity == severity }.count))
              })
          ),
          ("overdue_escalations", .int(overdue.count)),
          ("escalations_due_soon", .int(dueSoon.count)),
          (
            "metrics",
            .array(
              series.map { item in
                let latest = item.latestHour
                return .object([
                  ("id", .string(item.metric.id.rawValue)),
                  ("hour", latest.map { .int($0.hour) } ?? .null),
                  ("hour_value", .optional(latest?.figure)),
                  ("status", .string(item.metric.status(of: latest?.figure).rawValue)),
                ])
              })
          ),
          (
            "missed_by_phase",
            .object(
              checklist.runbook.phases.map { phase in
                (phase.id, .int(missed.filter { $0.round.phase.id == phase.id }.count))
              })
          ),
        ]))
      return ExitCode.ok
    }
    let titles = Dictionary(uniqueKeysWithValues: incidents.map { ($0.id, $0.title) })
    for record in overdue {
      context.outStyled(
        Text.red(
          "OVERDUE escalation \(record.id): \(record.page.contact) has not acknowledged incident \(record.incidentID) "
            + "\"\(Text.sanitized(titles[record.incidentID] ?? "", singleLine: true))\" — "
            + "\(record.page.minutesLate(at: now) ?? 0) min late (p0watch ack \(record.id))",
          enabled: context.useColor))
    }
    for record in dueSoon {
      context.out(
        "Due soon: escalation \(record.id) to \(record.page.contact) for incident \(record.incidentID), "
          + "deadline \(window.offset(of: record.page.deadline))")
    }
    if !unresolved.isEmpty {
      let counts = Severity.allCases.map { severity in
        "\(unresolved.filter { $0.severity == severity }.count) \(severity.rawValue)"
      }
      context.out("Open incidents: \(counts.joined(separator: ", "))")
      for incident in unresolved {
        context.out(
          "  #\(incident.id) \(incident.severity.rawValue), \(incident.status.rawValue): "
            + Text.sanitized(incident.title, singleLine: true))
      }
    }
    if !overdue.isEmpty || !dueSoon.isEmpty || !unresolved.isEmpty { context.out() }
    var headline =
      "Window \(window.id) · \(Text.sanitized(window.release)) · "
      + WindowCommands.describe(window.position(at: now), hours: window.hours)
    if let phase {
      headline +=
        " · phase \(phase.id) (\(phase.name), hours \(phase.hours.lowerBound)–\(phase.hours.upperBound))"
    }
    if window.state == .closed { headline += " · closed" }
    context.out(headline)
    context.out(
      "now \(now.iso8601) · started \(window.startedAt.iso8601) · ends \(window.endsAt.iso8601)")
    if window.state == .active, case .ended = window.position(at: now) {
      context.out(
        "The \(window.hours) hours are over: close the window with 'p0watch window close' for the Go/No-Go verdict."
      )
    }
    if let round, let progress {
      let open = checklist.status.entries(in: round).filter { $0.tick == nil }.map {
        String($0.number)
      }
      var line = "Checklist round \(round.number): \(progress.done)/\(progress.due) done"
      if !open.isEmpty { line += " (open: \(open.joined(separator: ", ")))" }
      context.out(line)
    }
    let measured = series.compactMap { item in item.latestHour.map { (item.metric, $0) } }
    if measured.isEmpty {
      context.out("Metrics: no readings yet (p0watch metric record, p0watch ingest nginx)")
    } else {
      let statuses = measured.map { $0.0.status(of: $0.1.figure) }
      let counts = [MetricStatus.alert, .warn, .ok].map { status in
        "\(statuses.filter { $0 == status }.count) \(status.rawValue)"
      }
      context.out(
        "Metrics (latest hour): \(counts.joined(separator: ", ")), \(series.count - measured.count) without data"
      )
      for (metric, latest) in measured where metric.status(of: latest.figure) != .ok {
        let status = metric.status(of: latest.figure)
        context.out(
          "  \(status.symbol) \(metric.id) \(metric.format(latest.figure)) in hour \(latest.hour) — target \(metric.target), alert \(metric.alertThreshold)"
        )
      }
    }
    if !missed.isEmpty {
      context.out(
        "Missed checks so far: \(missed.count) (\(CheckCommands.summary(of: missed, runbook: checklist.runbook)))"
      )
    }
    return ExitCode.ok
  }
}
