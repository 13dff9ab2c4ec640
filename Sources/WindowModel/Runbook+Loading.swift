/// One thing wrong with a runbook: where (a path such as `metrics[3].target`) and what.
public struct RunbookProblem: Hashable, Sendable, CustomStringConvertible {
  /// The JSON path of the offending field, e.g. `alert_conditions[0].rule`.
  public var path: String
  /// What is wrong and what was expected.
  public var message: String

  /// Creates a problem at `path`.
  public init(path: String, message: String) {
    self.path = path
    self.message = message
  }

  /// `path: message`
  public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// Why a runbook could not be loaded.
public enum RunbookError: Error, Hashable, Sendable {
  /// The text is not well-formed JSON.
  case syntax(JSONSyntaxError)
  /// The JSON is well-formed but breaks the format; every problem found is listed.
  case invalid([RunbookProblem])
}

extension Runbook {
  /// The format version this build reads.
  public static let supportedFormat = 1

  /// Reads and validates a runbook from its JSON text.
  /// - Throws: `RunbookError.syntax` for malformed JSON (with line and column), or
  ///   `RunbookError.invalid` with every problem found, cross-references included.
  public static func load(json bytes: [UInt8]) throws(RunbookError) -> Runbook {
    let document: JSONValue
    do {
      document = try JSONValue(parsing: bytes)
    } catch {
      throw .syntax(error)
    }
    return try load(document: document)
  }

  /// Reads and validates a runbook from its JSON text.
  /// - Throws: `RunbookError`, as `load(json:)` with bytes does.
  public static func load(json text: String) throws(RunbookError) -> Runbook {
    try load(json: Array(text.utf8))
  }

  /// Validates a parsed JSON document as a runbook.
  /// - Throws: `RunbookError.invalid` with every problem found.
  public static func load(document: JSONValue) throws(RunbookError) -> Runbook {
    let log = ProblemLog()
    // The reader returns what it could read even when parts are wrong, so cross-references
    // are checked too and one run lists every problem.
    guard let runbook = RunbookReader(log: log).runbook(Node(document, "")) else {
      throw .invalid(log.problems)
    }
    let problems =
      log.problems
      + runbook.crossReferenceProblems(
        alsoKnown: log.namedIDs, checkCoverage: log.phasesComplete)
    if problems.isEmpty { return runbook }
    throw .invalid(problems)
  }

  /// Problems between sections: unknown metric or escalation type in a rule, duplicate ids,
  /// phases that leave a gap or overlap inside the window.
  /// - Parameters:
  ///   - alsoKnown: ids named by sections that failed to read, so references to them are not
  ///     reported as unknown on top of the section's own problem.
  ///   - checkCoverage: whether every phase and the window length were read.
  func crossReferenceProblems(alsoKnown: NamedIDs = NamedIDs(), checkCoverage: Bool = true)
    -> [RunbookProblem]
  {
    var problems: [RunbookProblem] = []
    func duplicates<T: Hashable>(_ ids: [T], _ path: (Int) -> String, _ what: String) {
      var seen: [T: Int] = [:]
      for (index, id) in ids.enumerated() {
        if let first = seen[id] {
          problems.append(
            .init(
              path: path(index), message: "duplicate \(what) \"\(id)\" (first at \(path(first)))"))
        } else {
          seen[id] = index
        }
      }
    }
    duplicates(metrics.map(\.id), { "metrics[\($0)].id" }, "metric id")
    duplicates(
      alertConditions.map(\.id.rawValue), { "alert_conditions[\($0)].id" }, "alert condition id")
    duplicates(
      escalationContacts.map(\.type.rawValue), { "escalation_contacts[\($0)].type" },
      "escalation type")
    duplicates(phases.map(\.id), { "checklist[\($0)].id" }, "phase id")
    duplicates(troubleshooting.map(\.id), { "troubleshooting[\($0)].id" }, "troubleshooting id")
    let itemPaths = phases.enumerated().flatMap { phaseIndex, phase in
      phase.items.indices.map {
        ("checklist[\(phaseIndex)].items[\($0)].id", phase.items[$0].id.rawValue)
      }
    }
    duplicates(itemPaths.map(\.1), { itemPaths[$0].0 }, "checklist item id")

    let metricIDs = Set(metrics.map(\.id)).union(alsoKnown.metrics.map { MetricID($0) })
    var listed = Set<MetricID>()
    let knownMetrics = metrics.map(\.id).filter { listed.insert($0).inserted }
      .map(\.rawValue).joined(separator: ", ")
    let types = Set(escalationContacts.map(\.type)).union(
      alsoKnown.escalationTypes.map { EscalationType($0) })
    let knownTypes = escalationContacts.map(\.type.rawValue).joined(separator: ", ")
    let conditionIDs = Set(alertConditions.map(\.id)).union(
      alsoKnown.alertConditions.map { AlertConditionID($0) })
    for (index, condition) in alertConditions.enumerated() {
      if case .metric(let metric, _) = condition.rule, !metricIDs.contains(metric) {
        problems.append(
          .init(
            path: "alert_conditions[\(index)].rule",
            message: "unknown metric \"\(metric)\"; known metrics: \(knownMetrics)"))
      }
      if !types.contains(condition.escalation) {
        problems.append(
          .init(
            path: "alert_conditions[\(index)].escalation",
            message:
              "unknown escalation type \"\(condition.escalation)\"; known types: \(knownTypes)"))
      }
    }
    for (index, entry) in troubleshooting.enumerated() {
      for (position, metric) in entry.metrics.enumerated() where !metricIDs.contains(metric) {
        problems.append(
          .init(
            path: "troubleshooting[\(index)].metrics[\(position)]",
            message: "unknown metric \"\(metric)\"; known metrics: \(knownMetrics)"))
      }
      for (position, condition) in entry.alertConditions.enumerated()
      where !conditionIDs.contains(condition) {
        problems.append(
          .init(
            path: "troubleshooting[\(index)].alert_conditions[\(position)]",
            message: "unknown alert condition \"\(condition)\""))
      }
    }
    for (position, metric) in dailyReportMetrics.enumerated() where !metricIDs.contains(metric) {
      problems.append(
        .init(
          path: "reports.daily_metrics[\(position)]",
          message: "unknown metric \"\(metric)\"; known metrics: \(knownMetrics)"))
    }
    for (index, metric) in metrics.enumerated() {
      problems += metric.consistencyProblems(path: "metrics[\(index)]")
    }
    if checkCoverage { problems += phaseCoverageProblems() }
    return problems
  }

  /// Phases must tile `0..<monitoringHours` in order: no gap, no overlap, nothing outside.
  func phaseCoverageProblems() -> [RunbookProblem] {
    let window = release.monitoringHours
    var problems: [RunbookProblem] = []
    guard !phases.isEmpty else {
      return [
        .init(path: "checklist", message: "expected at least one phase covering hours 0–\(window)")
      ]
    }
    var expectedStart = 0
    for (index, phase) in phases.enumerated() {
      let path = "checklist[\(index)]"
      if phase.hours.lowerBound > expectedStart {
        problems.append(
          .init(
            path: "\(path).from_hour",
            message:
              "leaves a gap: hours \(expectedStart)–\(phase.hours.lowerBound) belong to no phase (the previous phase ends at \(expectedStart))"
          ))
      } else if phase.hours.lowerBound < expectedStart {
        problems.append(
          .init(
            path: "\(path).from_hour",
            message: "overlaps the previous phase, which ends at hour \(expectedStart)"))
      }
      if phase.hours.upperBound > window {
        problems.append(
          .init(
            path: "\(path).to_hour",
            message:
              "\(phase.hours.upperBound) is past the end of the \(window)-hour window (release.monitoring_hours)"
          ))
      }
      if phase.hours.count % phase.roundHours != 0 {
        problems.append(
          .init(
            path: "\(path).round_hours",
            message:
              "\(phase.roundHours)-hour rounds do not divide the phase's \(phase.hours.count) hours"
          ))
      }
      expectedStart = max(expectedStart, phase.hours.upperBound)
    }
    if expectedStart < window {
      problems.append(
        .init(
          path: "checklist[\(phases.count - 1)].to_hour",
          message:
            "leaves a gap: hours \(expectedStart)–\(window) of the \(window)-hour window belong to no phase"
        ))
    }
    return problems
  }
}

extension Metric {
  /// Problems within one metric: a unit that does not fit its figures or source.
  func consistencyProblems(path: String) -> [RunbookProblem] {
    var problems: [RunbookProblem] = []
    if let source {
      let expected: [Aggregation]
      switch source.measure {
      case .share: expected = [.ratio]
      case .count: expected = [.sum, .max, .mean]
      case .p95RequestTime: expected = [.p95]
      }
      if source.measure == .share, unit != .percent {
        problems.append(
          .init(
            path: "\(path).unit",
            message: "a share of requests is measured in percent, got \"\(unit.rawValue)\""))
      }
      if source.measure == .count, unit != .count {
        problems.append(
          .init(
            path: "\(path).unit",
            message: "a count of requests is measured as count, got \"\(unit.rawValue)\""))
      }
      if source.measure == .p95RequestTime, unit != .ms {
        problems.append(
          .init(
            path: "\(path).unit",
            message: "request time is measured in ms, got \"\(unit.rawValue)\""))
      }
      for (key, figure) in [("hour_figure", hourFigure), ("window_figure", windowFigure)]
      where !expected.contains(figure) {
        problems.append(
          .init(
            path: "\(path).\(key)",
            message:
              "\"\(figure.rawValue)\" cannot combine a \(source.measure.rawValue) of requests; expected \(expected.map { "\"\($0.rawValue)\"" }.joined(separator: " or "))"
          ))
      }
      if source.measure != .p95RequestTime, source.statuses.isEmpty {
        problems.append(
          .init(
            path: "\(path).source.statuses",
            message: "expected at least one status like \"2xx\" or \"201\""))
      }
    } else {
      for (key, figure) in [("hour_figure", hourFigure), ("window_figure", windowFigure)]
      where figure == .ratio || figure == .p95 {
        problems.append(
          .init(
            path: "\(path).\(key)",
            message:
              "\"\(figure.rawValue)\" needs request counts; a metric without a source takes \"sum\", \"max\", \"mean\" or \"latest\""
          ))
      }
    }
    return problems
  }
}

/// Collects problems while a document is read, so one run reports all of them.
final class ProblemLog {
  var problems: [RunbookProblem] = []
  /// Ids seen in sections, readable or not.
  var namedIDs = NamedIDs()
  /// Whether the window length and every phase were read.
  var phasesComplete = true

  func add(_ path: String, _ message: String) {
    problems.append(RunbookProblem(path: path, message: message))
  }
}

/// Identifiers a document names, collected before its sections are validated.
struct NamedIDs {
  var metrics: Set<String> = []
  var alertConditions: Set<String> = []
  var escalationTypes: Set<String> = []
}

/// A JSON value and the path it was found at.
struct Node {
  let value: JSONValue
  let path: String

  init(_ value: JSONValue, _ path: String) {
    self.value = value
    self.path = path
  }

  func child(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// Reads the runbook's sections out of JSON, logging every problem with its path.
struct RunbookReader {
  let log: ProblemLog

  // MARK: Primitive readers

  /// The members of an object, after checking for unknown and duplicate keys.
  func object(_ node: Node, keys: [String]) -> [String: Node]? {
    guard case .object(let members) = node.value else {
      log.add(node.path, "expected an object, got \(node.value.kindName)")
      return nil
    }
    var result: [String: Node] = [:]
    for (key, value) in members {
      let path = node.child(key)
      if result[key] != nil {
        log.add(path, "duplicate key")
      } else if !keys.contains(key) {
        log.add(path, "unknown key; expected one of: \(keys.joined(separator: ", "))")
      } else {
        result[key] = Node(value, path)
      }
    }
    return result
  }

  func required(_ fields: [String: Node], _ key: String, in parent: Node) -> Node? {
    guard let node = fields[key] else {
      log.add(parent.child(key), "missing")
      return nil
    }
    return node
  }

  func string(_ fields: [String: Node], _ key: String, in parent: Node) -> String? {
    guard let node = required(fields, key, in: parent) else { return nil }
    return string(node)
  }

  func string(_ node: Node) -> String? {
    guard case .string(let text) = node.value else {
      log.add(node.path, "expected a string, got \(node.value.kindName)")
      return nil
    }
    if text.trimmingSpaces.isEmpty {
      log.add(node.path, "expected a non-empty string")
      return nil
    }
    return text
  }

  /// A string that may be `null` or absent. The outer optional is nil on error.
  func optionalString(_ fields: [String: Node], _ key: String) -> String?? {
    guard let node = fields[key], node.value != .null else { return .some(nil) }
    return string(node).map { .some($0) }
  }

  func integer(_ fields: [String: Node], _ key: String, in parent: Node, range: ClosedRange<Int>)
    -> Int?
  {
    guard let node = required(fields, key, in: parent) else { return nil }
    guard case .number(let value) = node.value, value == value.rounded(),
      value >= Double(range.lowerBound), value <= Double(range.upperBound)
    else {
      log.add(
        node.path,
        "expected a whole number from \(range.lowerBound) to \(range.upperBound), got \(describe(node.value))"
      )
      return nil
    }
    return Int(value)
  }

  func bool(_ fields: [String: Node], _ key: String, in parent: Node) -> Bool? {
    guard let node = required(fields, key, in: parent) else { return nil }
    guard case .bool(let value) = node.value else {
      log.add(node.path, "expected true or false, got \(describe(node.value))")
      return nil
    }
    return value
  }

  func array(_ node: Node) -> [Node]? {
    guard case .array(let values) = node.value else {
      log.add(node.path, "expected an array, got \(node.value.kindName)")
      return nil
    }
    return values.enumerated().map { Node($1, "\(node.path)[\($0)]") }
  }

  func array(_ fields: [String: Node], _ key: String, in parent: Node) -> [Node]? {
    guard let node = required(fields, key, in: parent) else { return nil }
    return array(node)
  }

  func strings(_ fields: [String: Node], _ key: String, in parent: Node) -> [String]? {
    guard let nodes = array(fields, key, in: parent) else { return nil }
    let values = nodes.map { string($0) }
    return values.contains(where: { $0 == nil }) ? nil : values.compactMap { $0 }
  }

  func choice<T: RawRepresentable & CaseIterable>(
    _ fields: [String: Node], _ key: String, in parent: Node, as type: T.Type
  ) -> T? where T.RawValue == String {
    guard let node = required(fields, key, in: parent) else { return nil }
    let choices = T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
    guard case .string(let text) = node.value, let value = T(rawValue: text) else {
      log.add(node.path, "expected one of \(choices), got \(describe(node.value))")
      return nil
    }
    return value
  }

  func threshold(_ fields: [String: Node], _ key: String, in parent: Node) -> Threshold? {
    guard let node = required(fields, key, in: parent) else { return nil }
    guard case .string(let text) = node.value, let threshold = Threshold(parsing: text) else {
      log.add(
        node.path,
        "expected a comparator and a number like \">= 99.5\", got \(describe(node.value))")
      return nil
    }
    return threshold
  }

  func describe(_ value: JSONValue) -> String {
    switch value {
    case .string, .number, .bool, .null: return value.serialized(pretty: false)
    default: return value.kindName
    }
  }

  // MARK: Sections

  func runbook(_ node: Node) -> Runbook? {
    let keys = [
      "format", "title", "report_title", "release", "metrics", "alert_conditions", "checklist",
      "escalation_contacts", "post_monitoring_actions", "troubleshooting", "data_collection",
      "reports",
    ]
    guard let fields = object(node, keys: keys) else { return nil }
    let format = integer(fields, "format", in: node, range: 1...Runbook.supportedFormat)
    let title = string(fields, "title", in: node)
    let reportTitle = optionalString(fields, "report_title")
    let release = required(fields, "release", in: node).flatMap(release)
    let metrics = array(fields, "metrics", in: node).map { $0.map(metric) }
    let conditions = array(fields, "alert_conditions", in: node).map { $0.map(alertCondition) }
    let phases = array(fields, "checklist", in: node).map { $0.map(phase) }
    let contacts = array(fields, "escalation_contacts", in: node).map { $0.map(contact) }
    let actions = required(fields, "post_monitoring_actions", in: node).flatMap(
      postMonitoringActions)
    let troubleshooting =
      fields["troubleshooting"].flatMap(array).map { $0.map(troubleshootingEntry) } ?? []
    let dataCollection =
      fields["data_collection"].flatMap(array).map { $0.map(dataCollectionPoint) } ?? []
    let dailyMetrics = fields["reports"].flatMap(reports) ?? []
    if let metrics, metrics.isEmpty {
      log.add(node.child("metrics"), "expected at least one metric")
    }
    if let contacts, contacts.isEmpty {
      log.add(node.child("escalation_contacts"), "expected at least one escalation contact")
    }
    let allPhases = phases?.compactMap { $0 } ?? []
    if release == nil || phases == nil || allPhases.count != phases?.count {
      log.phasesComplete = false
    }
    let allMetrics = metrics?.compactMap { $0 } ?? []
    return Runbook(
      format: format ?? Runbook.supportedFormat, title: title ?? "",
      reportTitle: (reportTitle ?? nil) ?? title ?? "",
      release: release ?? Release.placeholder, metrics: allMetrics,
      alertConditions: conditions?.compactMap { $0 } ?? [], phases: allPhases,
      escalationContacts: contacts?.compactMap { $0 } ?? [],
      postMonitoringActions: actions ?? PostMonitoringActions(onSuccess: [], onIssues: []),
      troubleshooting: troubleshooting.compactMap { $0 },
      dataCollection: dataCollection.compactMap { $0 },
      dailyReportMetrics: dailyMetrics.isEmpty
        ? allMetrics.filter(\.isSuccessMetric).map(\.id) : dailyMetrics)
  }

  func release(_ node: Node) -> Release? {
    let keys = [
      "name", "version", "date", "last_updated", "owner", "monitoring_hours", "components",
      "changes", "monitoring_scope", "review",
    ]
    guard let fields = object(node, keys: keys) else { return nil }
    let name = string(fields, "name", in: node)
    let version = string(fields, "version", in: node)
    let date = string(fields, "date", in: node)
    let lastUpdated = optionalString(fields, "last_updated")
    let owner = string(fields, "owner", in: node)
    let hours = integer(fields, "monitoring_hours", in: node, range: 1...24 * 366)
    let components: [Release.Component?]? = array(fields, "components", in: node)?.map { item in
      guard let f = object(item, keys: ["name", "url"]) else { return nil }
      let name = string(f, "name", in: item)
      let url = string(f, "url", in: item)
      guard let name, let url else { return nil }
      return Release.Component(name: name, url: url)
    }
    let changes = strings(fields, "changes", in: node)
    let scope: [Release.ScopeArea?]? = array(fields, "monitoring_scope", in: node)?.map { item in
      guard let f = object(item, keys: ["area", "description"]) else { return nil }
      let area = string(f, "area", in: item)
      let description = string(f, "description", in: item)
      guard let area, let description else { return nil }
      return Release.ScopeArea(area: area, description: description)
    }
    var review: Release.Review?? = .some(nil)
    if let reviewNode = fields["review"], reviewNode.value != .null {
      review = object(reviewNode, keys: ["document_owner", "frequency", "next_review"]).flatMap {
        f in
        let owner = string(f, "document_owner", in: reviewNode)
        let frequency = string(f, "frequency", in: reviewNode)
        let next = string(f, "next_review", in: reviewNode)
        guard let owner, let frequency, let next else { return nil }
        return .some(Release.Review(documentOwner: owner, frequency: frequency, nextReview: next))
      }
    }
    if let date, let dateNode = fields["date"], ISO8601.parse(date) == nil {
      log.add(dateNode.path, "expected a date like \"2025-11-09\", got \"\(date)\"")
    }
    guard let name, let version, let date, let lastUpdated, let owner, let hours, let components,
      let changes, let scope, let review, !components.contains(where: { $0 == nil }),
      !scope.contains(where: { $0 == nil })
    else { return nil }
    return Release(
      name: name, version: version, date: date, lastUpdated: lastUpdated, owner: owner,
      monitoringHours: hours, components: components.compactMap { $0 }, changes: changes,
      monitoringScope: scope.compactMap { $0 }, review: review)
  }

  func identifier(_ fields: [String: Node], _ key: String, in parent: Node) -> String? {
    guard let text = string(fields, key, in: parent) else { return nil }
    let valid = text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
    }
    guard valid, let first = text.unicodeScalars.first, ("a"..."z").contains(first) else {
      log.add(
        parent.child(key),
        "expected an identifier of lowercase letters, digits, '_' and '-' starting with a letter, got \"\(text)\""
      )
      return nil
    }
    return text
  }

  func metric(_ node: Node) -> Metric? {
    let keys = [
      "id", "category", "name", "short_name", "baseline", "target", "alert_threshold", "unit",
      "action", "success_metric", "hour_figure", "window_figure", "source",
    ]
    guard let fields = object(node, keys: keys) else { return nil }
    if let id = fields["id"]?.value.stringValue { log.namedIDs.metrics.insert(id) }
    let id = identifier(fields, "id", in: node)
    let category = string(fields, "category", in: node)
    let name = string(fields, "name", in: node)
    let shortName = optionalString(fields, "short_name")
    let baseline = optionalString(fields, "baseline")
    let target = threshold(fields, "target", in: node)
    let alert = threshold(fields, "alert_threshold", in: node)
    let unit = choice(fields, "unit", in: node, as: MetricUnit.self)
    let action = string(fields, "action", in: node)
    let success = bool(fields, "success_metric", in: node)
    let hourFigure = choice(fields, "hour_figure", in: node, as: Aggregation.self)
    let windowFigure = choice(fields, "window_figure", in: node, as: Aggregation.self)
    var source: RequestSelector?? = .some(nil)
    if let sourceNode = fields["source"], sourceNode.value != .null {
      source = selector(sourceNode).map { .some($0) }
    }
    guard let id, let category, let name, let shortName, let baseline, let target, let alert,
      let unit,
      let action, let success, let hourFigure, let windowFigure, let source
    else { return nil }
    return Metric(
      id: MetricID(id), category: category, name: name, shortName: shortName ?? name,
      baseline: baseline, target: target, alertThreshold: alert, unit: unit, action: action,
      isSuccessMetric: success, hourFigure: hourFigure, windowFigure: windowFigure, source: source)
  }

  func selector(_ node: Node) -> RequestSelector? {
    guard let fields = object(node, keys: ["method", "path", "measure", "statuses"]) else {
      return nil
    }
    let method = optionalString(fields, "method")
    var path: PathPattern?? = .some(nil)
    if let pathText = optionalString(fields, "path"), let text = pathText {
      if let pattern = PathPattern(text) {
        path = .some(pattern)
      } else {
        log.add(
          node.child("path"),
          "expected a path starting with '/' without a query string, like \"/admin/enrollments/:id/approve\", got \"\(text)\""
        )
        path = nil
      }
    }
    let measure = choice(fields, "measure", in: node, as: RequestSelector.Measure.self)
    var statuses: [StatusPattern]? = []
    if let statusNodes = fields["statuses"].flatMap(array) {
      let parsed = statusNodes.map { item -> StatusPattern? in
        guard case .string(let text) = item.value, let pattern = StatusPattern(text) else {
          log.add(
            item.path,
            "expected a status like \"201\" or a class like \"2xx\", got \(describe(item.value))")
          return nil
        }
        return pattern
      }
      statuses = parsed.contains(where: { $0 == nil }) ? nil : parsed.compactMap { $0 }
    }
    if let methodText = method ?? nil,
      methodText != methodText.uppercased() || methodText.contains(" ")
    {
      log.add(
        node.child("method"),
        "expected an upper-case HTTP method like \"GET\", got \"\(methodText)\"")
      return nil
    }
    guard let method, let path, let measure, let statuses else { return nil }
    return RequestSelector(method: method, path: path, measure: measure, statuses: statuses)
  }

  func alertCondition(_ node: Node) -> AlertCondition? {
    let keys = ["id", "condition", "severity", "rule", "action", "escalation"]
    guard let fields = object(node, keys: keys) else { return nil }
    if let id = fields["id"]?.value.stringValue { log.namedIDs.alertConditions.insert(id) }
    let id = identifier(fields, "id", in: node)
    let condition = string(fields, "condition", in: node)
    let severity = choice(fields, "severity", in: node, as: Severity.self)
    let action = string(fields, "action", in: node)
    let escalation = string(fields, "escalation", in: node)
    var rule: AlertCondition.Rule?
    if let ruleText = string(fields, "rule", in: node) {
      rule = Self.parseRule(ruleText)
      if rule == nil {
        log.add(
          node.child("rule"),
          "expected \"manual\" or a metric, a comparator and a number like \"server_error_rate > 1\", got \"\(ruleText)\""
        )
      }
    }
    guard let id, let condition, let severity, let action, let escalation, let rule else {
      return nil
    }
    return AlertCondition(
      id: AlertConditionID(id), condition: condition, severity: severity, rule: rule,
      action: action,
      escalation: EscalationType(escalation))
  }

  static func parseRule(_ text: String) -> AlertCondition.Rule? {
    let trimmed = text.trimmingSpaces
    if trimmed == "manual" { return .manual }
    guard let split = trimmed.firstIndex(where: { "<>=".contains($0) }) else { return nil }
    let metric = String(trimmed[..<split]).trimmingSpaces
    guard !metric.isEmpty, !metric.contains(" "),
      let threshold = Threshold(parsing: String(trimmed[split...]))
    else {
      return nil
    }
    return .metric(MetricID(metric), threshold)
  }

  func phase(_ node: Node) -> Phase? {
    let keys = ["id", "name", "from_hour", "to_hour", "round_hours", "items"]
    guard let fields = object(node, keys: keys) else { return nil }
    let id = identifier(fields, "id", in: node)
    let name = string(fields, "name", in: node)
    let from = integer(fields, "from_hour", in: node, range: 0...24 * 366)
    let to = integer(fields, "to_hour", in: node, range: 1...24 * 366)
    let round = integer(fields, "round_hours", in: node, range: 1...24 * 366)
    let items: [ChecklistItem?]? = array(fields, "items", in: node)?.map { item in
      guard let f = object(item, keys: ["id", "text", "cadence"]) else { return nil }
      let id = identifier(f, "id", in: item)
      let text = string(f, "text", in: item)
      let cadence = choice(f, "cadence", in: item, as: ChecklistItem.Cadence.self)
      guard let id, let text, let cadence else { return nil }
      return ChecklistItem(id: ChecklistItemID(id), text: text, cadence: cadence)
    }
    if let from, let to, to <= from {
      log.add(node.child("to_hour"), "expected an hour after from_hour (\(from)), got \(to)")
      return nil
    }
    if let items, items.isEmpty {
      log.add(node.child("items"), "expected at least one checklist item")
    }
    guard let id, let name, let from, let to, let round, let items, !items.isEmpty,
      !items.contains(where: { $0 == nil })
    else { return nil }
    return Phase(
      id: id, name: name, hours: from..<to, roundHours: round, items: items.compactMap { $0 })
  }

  func contact(_ node: Node) -> EscalationContact? {
    guard let fields = object(node, keys: ["type", "issue_type", "contact", "response_minutes"])
    else { return nil }
    if let type = fields["type"]?.value.stringValue { log.namedIDs.escalationTypes.insert(type) }
    let type = identifier(fields, "type", in: node)
    let issueType = string(fields, "issue_type", in: node)
    let contact = string(fields, "contact", in: node)
    let minutes = integer(fields, "response_minutes", in: node, range: 1...10_080)
    guard let type, let issueType, let contact, let minutes else { return nil }
    return EscalationContact(
      type: EscalationType(type), issueType: issueType, contact: contact, responseMinutes: minutes)
  }

  func postMonitoringActions(_ node: Node) -> PostMonitoringActions? {
    guard let fields = object(node, keys: ["on_success", "on_issues"]) else { return nil }
    let success = strings(fields, "on_success", in: node)
    let issues = strings(fields, "on_issues", in: node)
    guard let success, let issues else { return nil }
    return PostMonitoringActions(onSuccess: success, onIssues: issues)
  }

  func troubleshootingEntry(_ node: Node) -> TroubleshootingEntry? {
    let keys = [
      "id", "issue", "symptoms", "diagnosis", "causes", "resolution", "metrics", "alert_conditions",
    ]
    guard let fields = object(node, keys: keys) else { return nil }
    let id = identifier(fields, "id", in: node)
    let issue = string(fields, "issue", in: node)
    let symptoms = strings(fields, "symptoms", in: node)
    let diagnosis = string(fields, "diagnosis", in: node)
    let causes = strings(fields, "causes", in: node)
    let resolution = strings(fields, "resolution", in: node)
    let metrics = fields["metrics"] == nil ? [] : strings(fields, "metrics", in: node)
    let conditions =
      fields["alert_conditions"] == nil ? [] : strings(fields, "alert_conditions", in: node)
    guard let id, let issue, let symptoms, let diagnosis, let causes, let resolution, let metrics,
      let conditions
    else { return nil }
    return TroubleshootingEntry(
      id: id, issue: issue, symptoms: symptoms, diagnosis: diagnosis, causes: causes,
      resolution: resolution, metrics: metrics.map { MetricID($0) },
      alertConditions: conditions.map { AlertConditionID($0) })
  }

  func dataCollectionPoint(_ node: Node) -> DataCollectionPoint? {
    guard let fields = object(node, keys: ["title", "checks", "red_flags", "commands"]) else {
      return nil
    }
    let title = string(fields, "title", in: node)
    let checks = strings(fields, "checks", in: node)
    let redFlags = fields["red_flags"] == nil ? [] : strings(fields, "red_flags", in: node)
    let commands = optionalString(fields, "commands")
    guard let title, let checks, let redFlags, let commands else { return nil }
    return DataCollectionPoint(title: title, checks: checks, redFlags: redFlags, commands: commands)
  }

  func reports(_ node: Node) -> [MetricID]? {
    guard let fields = object(node, keys: ["daily_metrics"]) else { return nil }
    guard fields["daily_metrics"] != nil else { return [] }
    return strings(fields, "daily_metrics", in: node)?.map { MetricID($0) }
  }
}
