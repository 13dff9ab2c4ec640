import WindowModel

enum RunbookCommands {
  static let validate = CommandSpec(
    path: ["runbook", "validate"], usage: "runbook validate [FILE]",
    summary: "check a runbook, naming every field that is wrong (exit 0 or 65)",
    positionals: 0...1
  ) { invocation, context in
    let loaded: (runbook: Runbook, json: String, source: String)
    if let path = invocation.positionals.first {
      loaded = try context.loadRunbook(path: path)
    } else {
      loaded = try context.chosenRunbook()
    }
    let runbook = loaded.runbook
    if context.json {
      context.outJSON(
        .object([
          ("valid", .bool(true)), ("source", .string(loaded.source)), ("counts", counts(runbook)),
        ]))
    } else {
      let items = runbook.phases.reduce(0) { $0 + $1.items.count }
      context.out(
        "\(loaded.source): valid — \(runbook.metrics.count) metrics, \(runbook.alertConditions.count) alert conditions, "
          + "\(items) checklist items in \(runbook.phases.count) phases, \(runbook.escalationContacts.count) escalation contacts, "
          + "\(runbook.postMonitoringActions.onSuccess.count + runbook.postMonitoringActions.onIssues.count) post-monitoring actions, "
          + "\(runbook.troubleshooting.count) troubleshooting entries")
    }
    return ExitCode.ok
  }

  static let show = CommandSpec(
    path: ["runbook", "show"], usage: "runbook show [FILE]",
    summary: "print a runbook readably (--json: as data)",
    positionals: 0...1
  ) { invocation, context in
    let loaded =
      try invocation.positionals.first.map { try context.loadRunbook(path: $0) }
      ?? context.chosenRunbook()
    if context.json {
      let document = (try? JSONValue(parsing: loaded.json)) ?? .null
      context.outJSON(document)
    } else {
      context.outRaw(RunbookPrinter.text(loaded.runbook, source: loaded.source))
    }
    return ExitCode.ok
  }

  static func counts(_ runbook: Runbook) -> JSONValue {
    .object([
      ("metrics", .int(runbook.metrics.count)),
      ("alert_conditions", .int(runbook.alertConditions.count)),
      ("phases", .int(runbook.phases.count)),
      ("checklist_items", .int(runbook.phases.reduce(0) { $0 + $1.items.count })),
      ("escalation_contacts", .int(runbook.escalationContacts.count)),
      (
        "post_monitoring_actions",
        .int(
          runbook.postMonitoringActions.onSuccess.count
            + runbook.postMonitoringActions.onIssues.count)
      ),
      ("troubleshooting", .int(runbook.troubleshooting.count)),
    ])
  }
}

/// The runbook as people read it, section by section in the seed's order.
enum RunbookPrinter {
  static func text(_ runbook: Runbook, source: String) -> String {
    var lines: [String] = []
    let release = runbook.release
    lines.append(runbook.title)
    lines.append("(\(source))")
    lines.append("")
    lines.append("Release \(release.version) — \(release.name)")
    lines.append(
      "  date \(release.date) · owner \(release.owner) · \(release.monitoringHours)-hour monitoring window"
    )
    for component in release.components { lines.append("  \(component.name): \(component.url)") }
    lines.append("  changes: \(release.changes.joined(separator: ", "))")
    for area in release.monitoringScope {
      lines.append("  scope: \(area.area) — \(area.description)")
    }
    lines.append("")
    lines.append("Metrics")
    lines.append(
      indent(
        Text.table(
          header: ["ID", "CATEGORY", "METRIC", "BASELINE", "TARGET", "ALERT", "UNIT", "ACTION"],
          rows: runbook.metrics.map {
            [
              $0.id.rawValue + ($0.isSuccessMetric ? "" : " *"), $0.category, $0.name,
              $0.baseline ?? "-",
              $0.target.description, $0.alertThreshold.description, $0.unit.rawValue, $0.action,
            ]
          })))
    lines.append("  * supporting metric used by alert conditions")
    lines.append("")
    lines.append("Alert conditions")
    lines.append(
      indent(
        Text.table(
          header: ["ID", "SEVERITY", "CONDITION", "RULE", "ESCALATION", "ACTION"],
          rows: runbook.alertConditions.map {
            let rule: String
            switch $0.rule {
            case .manual: rule = "manual"
            case .metric(let metric, let threshold): rule = "\(metric) \(threshold)"
            }
            return [
              $0.id.rawValue, $0.severity.rawValue, $0.condition, rule, $0.escalation.rawValue,
              $0.action,
            ]
          })))
    lines.append("")
    lines.append("Checklist")
    for phase in runbook.phases {
      lines.append(
        "  \(phase.id) — \(phase.name), hours \(phase.hours.lowerBound)–\(phase.hours.upperBound), rounds of \(phase.roundHours)h"
      )
      for item in phase.items {
        lines.append("    - \(item.text) [\(item.id)\(item.cadence == .once ? ", once" : "")]")
      }
    }
    lines.append("")
    lines.append("Escalation contacts")
    lines.append(
      indent(
        Text.table(
          header: ["TYPE", "ISSUE TYPE", "CONTACT", "RESPONSE"],
          rows: runbook.escalationContacts.map {
            [$0.type.rawValue, $0.issueType, $0.contact, "\($0.responseMinutes) min"]
          })))
    lines.append("")
    lines.append("Post-monitoring actions")
    lines.append("  After success:")
    for (index, action) in runbook.postMonitoringActions.onSuccess.enumerated() {
      lines.append("    \(index + 1). \(action)")
    }
    lines.append("  If issues found:")
    for (index, action) in runbook.postMonitoringActions.onIssues.enumerated() {
      lines.append("    \(index + 1). \(action)")
    }
    lines.append("")
    lines.append("Troubleshooting")
    for entry in runbook.troubleshooting {
      lines.append("  \(entry.issue) [\(entry.id)]")
      lines.append("    symptoms: " + entry.symptoms.joined(separator: "; "))
      lines.append("    causes: " + entry.causes.joined(separator: "; "))
      lines.append("    resolution: " + entry.resolution.joined(separator: "; "))
    }
    return lines.map { Text.sanitized($0) }.joined(separator: "\n") + "\n"
  }

  static func indent(_ block: String) -> String {
    block.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(
      separator: "\n")
  }
}
