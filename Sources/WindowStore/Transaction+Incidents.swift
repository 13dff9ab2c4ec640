import Escalation
import WindowModel

extension Transaction {
  private static let incidentColumns =
    "id, title, severity, impact, status, type, metric, alert, opened_at, resolved_at"

  private static func incident(_ row: Statement) -> Incident {
    Incident(
      id: IncidentID(rawValue: row.int64(0)), title: row.text(1),
      severity: Severity(rawValue: row.text(2)) ?? .critical,
      impact: Impact(rawValue: row.text(3)) ?? .high,
      status: IncidentStatus(rawValue: row.text(4)) ?? .open, type: EscalationType(row.text(5)),
      metric: row.optionalText(6).map { MetricID($0) },
      alert: row.optionalText(7).map { AlertConditionID($0) },
      openedAt: Timestamp(secondsSinceEpoch: row.int64(8)),
      resolvedAt: row.optionalInt64(9).map(Timestamp.init(secondsSinceEpoch:)))
  }

  /// Stores a new incident (its id is assigned here) and returns it.
  public func createIncident(_ incident: Incident, in window: WindowID, openedBy: String) throws
    -> Incident
  {
    let id = try connection.run(
      """
      INSERT INTO incidents (window_id, title, severity, impact, status, type, metric, alert, opened_at, resolved_at, opened_by)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .integer(window.rawValue), .text(incident.title), .text(incident.severity.rawValue),
        .text(incident.impact.rawValue), .text(incident.status.rawValue),
        .text(incident.type.rawValue),
        SQLValue(incident.metric?.rawValue), SQLValue(incident.alert?.rawValue),
        .integer(incident.openedAt.secondsSinceEpoch),
        SQLValue(incident.resolvedAt?.secondsSinceEpoch),
        .text(openedBy),
      ])
    var stored = incident
    stored.id = IncidentID(rawValue: id)
    return stored
  }

  /// Saves an incident's status, impact and resolution time.
  public func updateIncident(_ incident: Incident) throws {
    try connection.run(
      "UPDATE incidents SET status = ?, impact = ?, resolved_at = ? WHERE id = ?",
      [
        .text(incident.status.rawValue), .text(incident.impact.rawValue),
        SQLValue(incident.resolvedAt?.secondsSinceEpoch), .integer(incident.id.rawValue),
      ])
  }

  /// The incident with `id` in `window`, if any.
  public func incident(_ id: IncidentID, in window: WindowID) throws -> Incident? {
    try connection.row(
      "SELECT \(Self.incidentColumns) FROM incidents WHERE id = ? AND window_id = ?",
      [.integer(id.rawValue), .integer(window.rawValue)], Self.incident)
  }

  /// A window's incidents in the order they were opened.
  public func incidents(in window: WindowID) throws -> [Incident] {
    try connection.rows(
      "SELECT \(Self.incidentColumns) FROM incidents WHERE window_id = ? ORDER BY opened_at, id",
      [.integer(window.rawValue)], Self.incident)
  }

  /// The actions taken on an incident, oldest first, with who took them and when.
  public func actions(of incident: IncidentID) throws -> [(
    at: Timestamp, actor: String, text: String
  )] {
    try connection.rows(
      "SELECT at, actor, text FROM events WHERE incident_id = ? AND kind = ? ORDER BY at, id",
      [.integer(incident.rawValue), .text(EventKind.incidentAction.rawValue)]
    ) { (Timestamp(secondsSinceEpoch: $0.int64(0)), $0.text(1), $0.text(2)) }
  }

  private static let escalationColumns =
    "id, incident_id, type, contact, sla_minutes, paged_at, paged_by, acknowledged_at, acknowledged_by, closed_at"

  private static func escalation(_ row: Statement) -> EscalationRecord {
    EscalationRecord(
      id: EscalationID(rawValue: row.int64(0)), incidentID: IncidentID(rawValue: row.int64(1)),
      page: Page(
        type: EscalationType(row.text(2)), contact: row.text(3), slaMinutes: row.int(4),
        pagedAt: Timestamp(secondsSinceEpoch: row.int64(5)),
        acknowledgedAt: row.optionalInt64(7).map(Timestamp.init(secondsSinceEpoch:)),
        closedAt: row.optionalInt64(9).map(Timestamp.init(secondsSinceEpoch:))),
      pagedBy: row.text(6), acknowledgedBy: row.optionalText(8))
  }

  /// Stores a new page of an incident and returns its record.
  public func createEscalation(
    _ page: Page, for incident: IncidentID, in window: WindowID, pagedBy: String
  )
    throws -> EscalationRecord
  {
    let id = try connection.run(
      """
      INSERT INTO escalations (window_id, incident_id, type, contact, sla_minutes, paged_at, paged_by)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """,
      [
        .integer(window.rawValue), .integer(incident.rawValue), .text(page.type.rawValue),
        .text(page.contact),
        .integer(Int64(page.slaMinutes)), .integer(page.pagedAt.secondsSinceEpoch), .text(pagedBy),
      ])
    return EscalationRecord(
      id: EscalationID(rawValue: id), incidentID: incident, page: page, pagedBy: pagedBy)
  }

  /// Saves an escalation's acknowledgement or closing.
  public func updateEscalation(_ record: EscalationRecord) throws {
    try connection.run(
      "UPDATE escalations SET acknowledged_at = ?, acknowledged_by = ?, closed_at = ? WHERE id = ?",
      [
        SQLValue(record.page.acknowledgedAt?.secondsSinceEpoch), SQLValue(record.acknowledgedBy),
        SQLValue(record.page.closedAt?.secondsSinceEpoch), .integer(record.id.rawValue),
      ])
  }

  /// The escalation with `id` in `window`, if any.
  public func escalation(_ id: EscalationID, in window: WindowID) throws -> EscalationRecord? {
    try connection.row(
      "SELECT \(Self.escalationColumns) FROM escalations WHERE id = ? AND window_id = ?",
      [.integer(id.rawValue), .integer(window.rawValue)], Self.escalation)
  }

  /// A window's escalations (or one incident's), in the order they were paged.
  public func escalations(in window: WindowID, incident: IncidentID? = nil) throws
    -> [EscalationRecord]
  {
    try connection.rows(
      "SELECT \(Self.escalationColumns) FROM escalations WHERE window_id = ?1 AND (?2 IS NULL OR incident_id = ?2) ORDER BY paged_at, id",
      [.integer(window.rawValue), SQLValue(incident?.rawValue)], Self.escalation)
  }
}
