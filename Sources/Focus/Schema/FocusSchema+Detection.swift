/// The FOCUS version and dataset a header most likely follows, and what it lacks for that version.
public struct FocusDetection: Sendable {
    /// The schema chosen (its version and dataset).
    public let schema: FocusSchema
    /// Mandatory columns of ``schema`` that the header lacks, in schema order.
    public let missingMandatoryColumns: [String]
    /// Every version (of the same dataset) whose mandatory columns are all present and that knows every FOCUS column
    /// of the header, oldest first. More than one when the header has none of the optional columns that tell them
    /// apart; empty when no version fits completely.
    public let compatibleVersions: [FocusVersion]

    /// The detected version.
    public var version: FocusVersion { schema.version }
    /// The detected dataset.
    public var dataset: FocusDataset { schema.dataset }
    /// Whether every mandatory column of the chosen version is present.
    public var isComplete: Bool { missingMandatoryColumns.isEmpty }
}

extension FocusSchema {
    /// Finds the version and dataset that `header` follows.
    ///
    /// 1. The dataset is the one that defines most of the header's columns (Cost and Usage on a tie).
    /// 2. Columns introduced in a version ("distinguishing" columns such as ServiceSubcategory in 1.1, InvoiceId in
    ///    1.2, ServiceProviderName or ContractApplied in 1.3) rule out every older version.
    /// 3. Of the versions left, the first whose mandatory columns are all present wins. Versions 1.1 and 1.2 added
    ///    no mandatory column, so a header without any of their optional columns cannot be told apart from 1.0; it
    ///    is reported as the oldest fitting version, with the others in ``FocusDetection/compatibleVersions``.
    /// 4. When no version has all its mandatory columns, the one with the fewest missing is chosen (older on a tie)
    ///    and the missing ones are listed.
    public static func detect(_ header: FocusHeader) -> FocusDetection {
        let dataset =
            FocusDataset.allCases.max { lhs, rhs in
                knownColumnCount(header, in: lhs) < knownColumnCount(header, in: rhs)
            } ?? .costAndUsage
        let schemas = all.filter { $0.dataset == dataset }
        // The oldest version that knows every recognised column of the header.
        let evidence =
            header.names.compactMap { name in schemas.first { $0.column(named: name) != nil }?.version }.max()
            ?? dataset.introducedIn
        let candidates = schemas.filter { $0.version >= evidence }
        let missing = candidates.map { schema in
            (schema, schema.mandatoryColumns.map(\.name).filter { !header.contains($0) })
        }
        let complete = missing.filter { $0.1.isEmpty }.map(\.0)
        if let first = complete.first {
            return FocusDetection(
                schema: first, missingMandatoryColumns: [], compatibleVersions: complete.map(\.version))
        }
        let best = missing.min { $0.1.count < $1.1.count } ?? (schemas[0], [])
        return FocusDetection(schema: best.0, missingMandatoryColumns: best.1, compatibleVersions: [])
    }

    /// How many of the header's columns some version of `dataset` defines.
    private static func knownColumnCount(_ header: FocusHeader, in dataset: FocusDataset) -> Int {
        let names = Set(all.filter { $0.dataset == dataset }.flatMap { $0.columns.map(\.name) })
        return header.names.reduce(0) { $0 + (names.contains($1) ? 1 : 0) }
    }
}
