/// One column of a FOCUS dataset as the specification defines it: whether it must be present, its type, whether it
/// may be null and which values it may hold.
public struct FocusColumnSpec: Sendable, Hashable {
    /// The column ID, e.g. `BilledCost`.
    public let name: String
    /// Whether a dataset must, may under a condition, or should include the column.
    public let featureLevel: FeatureLevel
    /// The type of the values (the spec's "Data type").
    public let dataType: DataType
    /// Whether the column may hold nulls (the spec's "Allows nulls").
    public let allowsNulls: Bool
    /// The closed set of values the column may hold (the spec's "Allowed Values"), or `nil` when open.
    public let allowedValues: Set<String>?
    /// The finer format rule of the values beyond the type.
    public let valueFormat: ValueFormat
    /// The first FOCUS 1.x version with the column (1.0 for columns carried over from the 0.5 preview).
    public let introducedIn: FocusVersion
    /// The version that deprecated the column in favour of others, if any.
    public let deprecatedIn: FocusVersion?

    /// A column as the spec defines it; `valueFormat` becomes ``ValueFormat/allowedValues`` when `allowedValues`
    /// is given.
    public init(
        name: String, featureLevel: FeatureLevel, dataType: DataType, allowsNulls: Bool,
        allowedValues: Set<String>? = nil, valueFormat: ValueFormat = .unspecified, introducedIn: FocusVersion,
        deprecatedIn: FocusVersion? = nil
    ) {
        self.name = name
        self.featureLevel = featureLevel
        self.dataType = dataType
        self.allowsNulls = allowsNulls
        self.allowedValues = allowedValues
        self.valueFormat = allowedValues == nil ? valueFormat : .allowedValues
        self.introducedIn = introducedIn
        self.deprecatedIn = deprecatedIn
    }

    /// The spec's feature levels.
    public enum FeatureLevel: String, Sendable, Hashable {
        /// The column MUST be present.
        case mandatory = "Mandatory"
        /// The column MUST be present when the provider supports the feature it describes.
        case conditional = "Conditional"
        /// The column SHOULD be present.
        case recommended = "Recommended"
    }

    /// The spec's data types. `json` covers both key-value columns (Tags, SkuPriceDetails) and JSON object columns
    /// (AllocatedMethodDetails, ContractApplied).
    public enum DataType: String, Sendable, Hashable {
        case string = "String"
        case decimal = "Decimal"
        case dateTime = "Date/Time"
        case json = "JSON"
    }

    /// The spec's value formats that this module checks or reports.
    public enum ValueFormat: String, Sendable, Hashable {
        case unspecified
        /// One of ``FocusColumnSpec/allowedValues``.
        case allowedValues
        /// An ISO 4217 national currency code (three upper-case letters).
        case currencyCode
        /// A national or virtual currency (not checked beyond being a string).
        case currency
        /// A decimal that must not be negative (unit prices).
        case nonNegativeDecimal
        /// A unit of measure following the spec's UnitFormat recommendations (not checked).
        case unit
        /// A JSON object of key-value pairs.
        case keyValue
        /// A JSON object with a defined structure.
        case jsonObject
    }
}
