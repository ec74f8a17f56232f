/// Shorthand used by the column tables, so that each column reads as one line of the spec's column table:
/// feature level, name, type, nullability, format or allowed values, version.
extension FocusColumnSpec {
    static func mandatory(
        _ name: String, _ dataType: DataType, nulls: Bool = false, _ format: ValueFormat = .unspecified,
        values: [String]? = nil, since: FocusVersion = .v1_0
    ) -> FocusColumnSpec {
        FocusColumnSpec(
            name: name, featureLevel: .mandatory, dataType: dataType, allowsNulls: nulls,
            allowedValues: values.map(Set.init), valueFormat: format, introducedIn: since)
    }

    static func conditional(
        _ name: String, _ dataType: DataType, nulls: Bool = false, _ format: ValueFormat = .unspecified,
        values: [String]? = nil, since: FocusVersion = .v1_0
    ) -> FocusColumnSpec {
        FocusColumnSpec(
            name: name, featureLevel: .conditional, dataType: dataType, allowsNulls: nulls,
            allowedValues: values.map(Set.init), valueFormat: format, introducedIn: since)
    }

    static func recommended(
        _ name: String, _ dataType: DataType, nulls: Bool = false, _ format: ValueFormat = .unspecified,
        values: [String]? = nil, since: FocusVersion = .v1_0
    ) -> FocusColumnSpec {
        FocusColumnSpec(
            name: name, featureLevel: .recommended, dataType: dataType, allowsNulls: nulls,
            allowedValues: values.map(Set.init), valueFormat: format, introducedIn: since)
    }

    /// The same column marked deprecated from `version` on.
    func deprecated(in version: FocusVersion) -> FocusColumnSpec {
        FocusColumnSpec(
            name: name, featureLevel: featureLevel, dataType: dataType, allowsNulls: allowsNulls,
            allowedValues: allowedValues, valueFormat: valueFormat, introducedIn: introducedIn,
            deprecatedIn: version)
    }
}

/// A version's column table written as the change from the previous version: columns added and columns deprecated.
/// No column was removed or redefined between 1.0 and 1.3.
struct ColumnTableDelta: Sendable {
    var added: [FocusColumnSpec]
    var deprecated: [String] = []

    /// `previous` with this version's changes applied.
    func applied(to previous: [FocusColumnSpec], version: FocusVersion) -> [FocusColumnSpec] {
        let deprecated = Set(deprecated)
        return previous.map { deprecated.contains($0.name) ? $0.deprecated(in: version) : $0 } + added
    }
}
