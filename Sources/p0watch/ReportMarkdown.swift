import WindowModel

/// The seed's report templates as Markdown, section by section. Every table cell is escaped and
/// every list item kept on one line, so titles holding `|` or newlines cannot break the layout.
enum ReportMarkdown {
  static func daily(_ report: DailyReport, inputs: ReportInputs) -> String {
    let window = inputs.window
    var lines: [String] = []
    lines.append("# \(inputs.runbook.reportTitle) Report - Day \(report.day)")
    lines.append("")
    lines.append("**Date:** \(report.periodStart.dateString)")
    lines.append(
      "**Period:** \(report.periodStart.timeOfDayString) - \(report.periodEnd.timeOfDayString) UTC "
        + "(\(report.periodStart.iso8601) to \(report.periodEnd.iso8601), "
        + "\(window.offset(of: report.periodStart)) to \(window.offset(of: report.periodEnd)))")
    lines.append(
      "**Status:** \(report.status.label)" + (report.inProgress ? " (day in progress)" : ""))
    lines.append("")
    lines.append("## Metrics Summary")
    lines.append("")
    lines.append(
      Text.markdownTable(
        header: ["Metric", "Target", "Actual", "Status"],
        rows: report.metrics.map { line in
          [
            line.metric.shortName, line.metric.target.compact(unit: line.metric.unit), actual(line),
            line.status.symbol,
          ]
        }))
    lines.append("")
    lines.append("## Issues Encountered")
    lines.append("")
    if report.incidents.isEmpty { lines.append("None.") }
    for (index, summary) in report.incidents.enumerated() {
      let incident = summary.incident
      lines.append(
        "\(index + 1). \(item(incident.title)) (incident \(incident.id), \(incident.severity.rawValue))"
      )
      lines.append("   - **Impact**: \(incident.impact.rawValue.capitalizedFirst)")
      lines.append(
        "   - **Action**: \(summary.actions.isEmpty ? "None recorded" : item(summary.actions.joined(separator: "; ")))"
      )
      lines.append("   - **Status**: \(incident.status.rawValue.capitalizedFirst)")
    }
    lines.append("")
    lines.append("## User Feedback")
    lines.append("")
    if report.feedback.isEmpty { lines.append("- None recorded.") }
    for event in report.feedback {
      lines.append(
        "- \(item(event.content.text)) (\(event.content.actor), \(window.offset(of: event.content.at)))"
      )
    }
    lines.append("")
    lines.append("## Checklist")
    lines.append("")
    lines += checklist(report.checklist)
    lines.append("")
    lines.append("## Escalations")
    lines.append("")
    lines += escalations(report.escalations, inputs: inputs)
    lines.append("")
    lines.append("## Next 24h Focus")
    lines.append("")
    for focus in report.nextFocus { lines.append("- \(item(focus))") }
    return lines.joined(separator: "\n") + "\n"
  }

  static func final(_ report: FinalReport, inputs: ReportInputs) -> String {
    let window = inputs.window
    var lines: [String] = []
    lines.append("# \(inputs.runbook.reportTitle) - Final Report")
    lines.append("")
    if report.preview {
      lines.append(
        "> **PREVIEW** — window \(window.id) is still open (as of \(inputs.asOf.iso8601), "
          + "\(window.offset(of: inputs.asOf))); the verdict below is computed from the data so far."
      )
      lines.append("")
    }
    lines.append("**Release:** \(item(window.release)) (\(inputs.runbook.release.name))")
    lines.append(
      "**Monitoring Period:** \(report.periodStart.dateString) to \(report.periodEnd.dateString) "
        + "(\(report.periodStart.iso8601) to \(report.periodEnd.iso8601))")
    lines.append("**Overall Status:** \(report.verdict.status.label)")
    lines.append("")
    lines.append("## Executive Summary")
    lines.append("")
    lines.append(item(report.executiveSummary))
    lines.append("")
    lines.append("## Metrics Achievement")
    lines.append("")
    lines.append(
      Text.markdownTable(
        header: ["Metric", "Target", "Actual", "Pass/Fail"],
        rows: report.metrics.map { line in
          [
            line.metric.shortName, line.metric.target.compact(unit: line.metric.unit), actual(line),
            passFail(line.status),
          ]
        }))
    lines.append("")
    lines.append("## Issues Summary")
    lines.append("")
    let critical = report.incidents.filter { $0.incident.severity == .critical }
    let warning = report.incidents.filter { $0.incident.severity == .warning }
    let resolved = report.incidents.filter { !$0.incident.isUnresolved }
    lines.append("- **Critical**: \(critical.count) issues\(titles(critical))")
    lines.append("- **Warning**: \(warning.count) issues\(titles(warning))")
    lines.append("- **Resolved**: \(resolved.count) issues\(titles(resolved))")
    lines.append("")
    lines.append("## Escalation SLA Compliance")
    lines.append("")
    lines += escalations(report.escalations, inputs: inputs)
    lines.append("")
    lines.append("## Checklist Completion")
    lines.append("")
    lines.append(
      Text.markdownTable(
        header: ["Phase", "Hours", "Due", "Done", "Missed", "Completion"],
        rows: report.checklist.map { summary in
          [
            "\(summary.phase.name) (\(summary.phase.id))",
            "\(summary.phase.hours.lowerBound)–\(summary.phase.hours.upperBound)",
            String(summary.due),
            String(summary.done), String(summary.missed.count),
            percent(summary.done, of: summary.due),
          ]
        }))
    lines.append("")
    lines.append("## Go/No-Go Recommendation")
    lines.append("")
    let inForce = report.recommendation
    lines.append("- [\(inForce == .go ? "x" : " ")] ✅ GO - Continue with release")
    lines.append("- [\(inForce == .noGo ? "x" : " ")] 🛑 NO-GO - Rollback required")
    lines.append("")
    lines.append(
      "**Computed:** \(report.verdict.recommendation.label) (\(report.verdict.status.label))")
    for reason in report.verdict.reasons { lines.append("- \(item(reason))") }
    if let decision = report.decision {
      lines.append("")
      let relation =
        decision.decision == report.verdict.recommendation ? "confirming" : "overriding"
      lines.append(
        "**Lead's decision:** \(decision.decision.label), \(relation) the computed \(report.verdict.recommendation.label) "
          + "— by \(item(decision.by)) at \(decision.at.iso8601): \(item(decision.why))")
    }
    lines.append("")
    lines.append("## Next Steps")
    lines.append("")
    if report.actions.isEmpty {
      let list = inputs.runbook.postMonitoringActions.list(for: inForce)
      lines.append("At close, p0watch will create this to-do list (\(inForce.label)):")
      lines.append("")
      for (index, action) in list.enumerated() { lines.append("\(index + 1). \(item(action))") }
    }
    for action in report.actions {
      var line = "\(action.number). \(item(action.text))"
      if let by = action.doneBy, let at = action.doneAt {
        line +=
          " — done by \(item(by)) at \(at.iso8601)" + (action.note.map { ": \(item($0))" } ?? "")
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func escalations(_ pages: [EscalationSummary], inputs: ReportInputs) -> [String] {
    guard !pages.isEmpty else { return ["No escalations."] }
    let window = inputs.window
    let titles = Dictionary(
      uniqueKeysWithValues: inputs.incidents.map { ($0.incident.id, $0.incident.title) })
    let onTime = pages.filter { $0.state == .acknowledgedOnTime }.count
    let breached = pages.filter(\.breached)
    let waiting = pages.filter(\.state.isOpen).count
    var lines = [
      "- Paged: \(pages.count) · acknowledged on time: \(onTime) · SLA breached: \(breached.count) · still waiting: \(waiting)",
      "",
    ]
    lines.append(
      Text.markdownTable(
        header: ["Escalation", "Incident", "Contact", "SLA", "Paged", "Acknowledged", "Result"],
        rows: pages.map { page in
          let result: String
          switch page.state {
          case .acknowledgedOnTime: result = "✅ on time"
          case .acknowledgedLate: result = "❌ breached by \(page.minutesLate ?? 0) min"
          case .closedUnacknowledged:
            result =
              page.breached
              ? "❌ never acknowledged, \(page.minutesLate ?? 0) min past the deadline"
              : "never acknowledged"
          case .overdue: result = "❌ overdue by \(page.minutesLate ?? 0) min"
          case .waiting: result = "waiting"
          }
          return [
            String(page.id.rawValue), "\(page.incidentID): \(titles[page.incidentID] ?? "")",
            "\(page.contact) (\(page.type))", "\(page.slaMinutes) min",
            window.offset(of: page.pagedAt),
            page.acknowledgedAt.map { window.offset(of: $0) } ?? "-", result,
          ]
        }))
    return lines
  }

  static func checklist(_ summaries: [ChecklistSummary]) -> [String] {
    guard !summaries.isEmpty else { return ["No round is over yet."] }
    var lines: [String] = []
    for summary in summaries {
      lines.append(
        "- \(summary.phase.name): \(summary.done) of \(summary.due) checks done (\(percent(summary.done, of: summary.due))), \(summary.missed.count) missed"
      )
    }
    let missed = summaries.flatMap(\.missed)
    if !missed.isEmpty {
      let shown = missed.prefix(10).map { "round \($0.round.number) \($0.item.id)" }.joined(
        separator: ", ")
      lines.append(
        "- Missed checks: \(shown)\(missed.count > 10 ? " and \(missed.count - 10) more" : "")")
    }
    return lines
  }

  static func actual(_ line: MetricLine) -> String {
    line.figure.map { formatNumber($0, maxFractionDigits: 2) + line.metric.unit.symbol }
      ?? "no data"
  }

  static func passFail(_ status: MetricStatus) -> String {
    switch status {
    case .ok: return "✅ Pass"
    case .warn: return "⚠️ Fail (missed target)"
    case .alert: return "❌ Fail (alert threshold)"
    case .nodata: return "– No data"
    }
  }

  static func titles(_ incidents: [IncidentSummary]) -> String {
    incidents.isEmpty
      ? ""
      : " ("
        + incidents.map { "\(item($0.incident.title)) [\($0.incident.id)]" }.joined(separator: "; ")
        + ")"
  }

  static func percent(_ part: Int, of whole: Int) -> String {
    whole == 0 ? "-" : formatNumber(Double(part) / Double(whole) * 100, maxFractionDigits: 1) + "%"
  }

  /// Text for a list item or a line: one line, control characters removed.
  static func item(_ text: String) -> String {
    Text.sanitized(text).split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
      .map { String($0).trimmingCharacters(" \t") }.joined(separator: " ")
  }
}
