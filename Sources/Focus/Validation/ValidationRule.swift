/// A named check with a stable ID and a severity.
///
/// IDs are kebab-case and stable across releases: scripts and dashboards may match on them. Errors break the spec
/// (the file is not conformant); warnings are allowed by the spec but worth a look (a deprecated column, a time
/// without `Z`). Readers add their own rules (e.g. ``malformedRow``) and report them through
/// ``FocusValidator/record(_:)``.
public struct ValidationRule: Sendable, Hashable, CustomStringConvertible {
    /// The stable kebab-case ID, e.g. `invalid-decimal`.
    public let id: String
    /// Whether a finding breaks conformance.
    public let severity: Severity
    /// What the rule checks, in one sentence.
    public let summary: String

    /// A rule; readers make their own for what they find (IDs compare rules, so keep them unique).
    public init(id: String, severity: Severity, summary: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
    }

    /// Errors break the spec; warnings do not. Errors sort first.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var description: String { id }

    public static func == (lhs: ValidationRule, rhs: ValidationRule) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension ValidationRule {
    // MARK: - Columns (checked once, on the header)

    /// A Mandatory column of the schema is not in the header (error).
    public static let missingMandatoryColumn = ValidationRule(
        id: "missing-mandatory-column", severity: .error, summary: "A Mandatory column is missing.")
    /// A header column is neither in the schema nor custom (warning).
    public static let unknownColumn = ValidationRule(
        id: "unknown-column", severity: .warning,
        summary: "A column is neither defined in this FOCUS version nor custom (x_ prefix).")
    /// A header column is deprecated in the schema's version (warning).
    public static let deprecatedColumn = ValidationRule(
        id: "deprecated-column", severity: .warning, summary: "A column is deprecated in this FOCUS version.")

    // MARK: - Values (checked per field)

    /// A null in a column whose "Allows nulls" is False (error).
    public static let nullNotAllowed = ValidationRule(
        id: "null-not-allowed", severity: .error, summary: "A column that does not allow nulls holds a null.")
    /// A value outside the column's allowed values; exact and case-sensitive (error).
    public static let invalidAllowedValue = ValidationRule(
        id: "invalid-allowed-value", severity: .error, summary: "A value is not one of the column's allowed values.")
    /// A Decimal field that ``FocusDecimal/parse(_:)`` rejects (error).
    public static let invalidDecimal = ValidationRule(
        id: "invalid-decimal", severity: .error, summary: "A Decimal column holds something that is not a number.")
    /// A negative ListUnitPrice, ContractedUnitPrice or pricing-currency unit price (error).
    public static let negativeValue = ValidationRule(
        id: "negative-value", severity: .error, summary: "A unit price that must not be negative is negative.")
    /// A Date/Time field that ``FocusTimestamp/parse(_:)`` rejects (error).
    public static let invalidDateTime = ValidationRule(
        id: "invalid-datetime", severity: .error,
        summary: "A Date/Time column holds something that is not an ISO 8601 date and time.")
    /// A date/time without `Z`: no zone, or an offset (warning; the value is still usable).
    public static let dateTimeNotUTC = ValidationRule(
        id: "datetime-not-utc", severity: .warning,
        summary: "A date/time is not written in UTC with Z (no zone, or an offset); it was read as UTC.")
    /// A JSON field that is malformed or not an object (error).
    public static let invalidJSON = ValidationRule(
        id: "invalid-json", severity: .error, summary: "A JSON column holds something that is not a JSON object.")
    /// A BillingCurrency that is not three upper-case letters (error).
    public static let invalidCurrencyCode = ValidationRule(
        id: "invalid-currency-code", severity: .error,
        summary: "A currency code is not three upper-case letters (ISO 4217).")

    // MARK: - Rows (checked across the fields of one row)

    /// ChargePeriodStart ≥ ChargePeriodEnd (error).
    public static let chargePeriodOrder = ValidationRule(
        id: "charge-period-order", severity: .error, summary: "ChargePeriodStart is not before ChargePeriodEnd.")
    /// BillingPeriodStart ≥ BillingPeriodEnd (error).
    public static let billingPeriodOrder = ValidationRule(
        id: "billing-period-order", severity: .error, summary: "BillingPeriodStart is not before BillingPeriodEnd.")
    /// A ServiceSubcategory whose parent is not the row's ServiceCategory (error).
    public static let serviceSubcategoryMismatch = ValidationRule(
        id: "service-subcategory-mismatch", severity: .error,
        summary: "ServiceSubcategory does not belong to the row's ServiceCategory.")
    /// CommitmentDiscount*, CapacityReservationStatus or PricingUnit set without (or missing despite) the column it
    /// depends on (error).
    public static let nullConsistency = ValidationRule(
        id: "null-consistency", severity: .error,
        summary: "A column is set while the column it depends on is null, or the other way round.")

    // MARK: - Reading (reported by readers)

    /// A row a reader could not read (error); reported by readers through ``FocusValidator/record(_:)``.
    public static let malformedRow = ValidationRule(
        id: "malformed-row", severity: .error,
        summary: "A row could not be read (wrong number of fields, broken quoting); it was skipped.")

    /// Every rule the validator itself checks, in report order.
    public static let builtIn: [ValidationRule] = [
        .missingMandatoryColumn, .unknownColumn, .deprecatedColumn, .nullNotAllowed, .invalidAllowedValue,
        .invalidDecimal, .negativeValue, .invalidDateTime, .dateTimeNotUTC, .invalidJSON, .invalidCurrencyCode,
        .chargePeriodOrder, .billingPeriodOrder, .serviceSubcategoryMismatch, .nullConsistency, .malformedRow,
    ]
}
