/// A typed text identifier: the phantom `Kind` keeps a metric id from being passed where a
/// checklist item id is expected, at no run-time cost.
public struct Identifier<Kind>: RawRepresentable, Hashable, Comparable, Sendable,
  CustomStringConvertible
{
  /// The identifier as written in the runbook and on the command line.
  public var rawValue: String

  /// Wraps an identifier's text.
  public init(rawValue: String) { self.rawValue = rawValue }

  /// Wraps an identifier's text.
  public init(_ rawValue: String) { self.rawValue = rawValue }

  /// The identifier's text.
  public var description: String { rawValue }

  /// Orders identifiers by their text.
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A typed row identifier assigned by the store.
public struct RowIdentifier<Kind>: RawRepresentable, Hashable, Comparable, Sendable,
  CustomStringConvertible
{
  /// The row id.
  public var rawValue: Int64

  /// Wraps a row id.
  public init(rawValue: Int64) { self.rawValue = rawValue }

  /// The row id in decimal.
  public var description: String { String(rawValue) }

  /// Orders identifiers numerically (the order rows were written in).
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Tags for the typed identifiers.
public enum IdentifierKind {
  /// A metric of the runbook.
  public enum Metric {}
  /// An alert condition of the runbook.
  public enum AlertCondition {}
  /// An escalation type of the runbook.
  public enum EscalationType {}
  /// A checklist item of the runbook.
  public enum ChecklistItem {}
  /// A monitoring window.
  public enum Window {}
  /// A timeline event.
  public enum Event {}
  /// An incident.
  public enum Incident {}
  /// One page of an escalation contact.
  public enum Escalation {}
}

/// The identifier of a metric, e.g. `me_success_rate`; stable across releases.
public typealias MetricID = Identifier<IdentifierKind.Metric>
/// The identifier of an alert condition, e.g. `server_errors_critical`.
public typealias AlertConditionID = Identifier<IdentifierKind.AlertCondition>
/// A kind of escalation (`critical`, `security`, `database`, `infrastructure` in the seed).
public typealias EscalationType = Identifier<IdentifierKind.EscalationType>
/// The identifier of a checklist item, e.g. `cookie_flags`.
public typealias ChecklistItemID = Identifier<IdentifierKind.ChecklistItem>
/// The identifier of a monitoring window.
public typealias WindowID = RowIdentifier<IdentifierKind.Window>
/// The identifier of a timeline event.
public typealias EventID = RowIdentifier<IdentifierKind.Event>
/// The identifier of an incident.
public typealias IncidentID = RowIdentifier<IdentifierKind.Incident>
/// The identifier of an escalation (one page of a contact).
public typealias EscalationID = RowIdentifier<IdentifierKind.Escalation>
