import FinOpsAPI
import Focus

/// Where an export's files live, relative to the store's root:
/// `{prefix}version=focus-1.3/year=YYYY/month=MM/day=DD/{name}-{YYYY-MM-DD}[-{HH}].{extension}` for the data
/// (Hive partitioning, so Athena, Spark, DuckDB and pyarrow read the partitions as columns) and
/// `{prefix}metadata/recency/{name}-recency.json` for the FOCUS 1.3 recency metadata: outside the data tree, so
/// that readers pointed at `version=focus-1.3/` find Parquet or CSV files only.
///
/// Names are deterministic: a slot written again replaces its file rather than adding one.
public struct FocusFileLayout: Sendable, Hashable {
    public static let versionDirectory = "version=focus-1.3/"

    public let prefix: String
    public let name: String
    public let granularity: NormalizedFocusExport.Granularity
    /// `parquet`, `csv`, `csv.gz` or `csv.zst`.
    public let fileExtension: String

    public init(prefix: String, name: String, export: NormalizedFocusExport) {
        self.prefix = prefix
        self.name = name
        granularity = export.granularity
        switch (export.format, export.compression) {
        case (.parquet, _): fileExtension = "parquet"
        case (.csv, .gzip): fileExtension = "csv.gz"
        case (.csv, .zstd): fileExtension = "csv.zst"
        case (.csv, _): fileExtension = "csv"
        }
    }

    /// Everything this layout writes starts with this.
    public var root: String { prefix + Self.versionDirectory }

    public func key(of slot: ExportSlot) -> String {
        let civil = slot.civil
        let date = ExportSlot.dateText(civil)
        let hour = granularity == .hourly ? "-\(ExportSlot.two(civil.hour))" : ""
        return "\(root)year=\(civil.year)/month=\(ExportSlot.two(civil.month))/day=\(ExportSlot.two(civil.day))/"
            + "\(name)-\(date)\(hour).\(fileExtension)"
    }

    public var metadataKey: String { "\(prefix)metadata/recency/\(name)-recency.json" }

    /// The slot a listed key holds, when it is one of this layout's data files.
    public func slot(ofKey key: String) -> ExportSlot? {
        guard key.hasPrefix(root) else { return nil }
        let file = key.split(separator: "/").last.map(String.init) ?? ""
        let stem = "\(name)-"
        let suffix = ".\(fileExtension)"
        guard file.hasPrefix(stem), file.hasSuffix(suffix) else { return nil }
        let middle = file.dropFirst(stem.count).dropLast(suffix.count)
        // YYYY-MM-DD or YYYY-MM-DD-HH
        let parts = middle.split(separator: "-").compactMap { Int($0) }
        let expected = granularity == .hourly ? 4 : 3
        guard parts.count == expected, middle.split(separator: "-").count == expected,
            (1...12).contains(parts[1]), (1...31).contains(parts[2])
        else { return nil }
        var start = CivilCalendar.daysFromCivil(year: parts[0], month: parts[1], day: parts[2]) * 86_400
        if granularity == .hourly {
            guard (0...23).contains(parts[3]) else { return nil }
            start += Int64(parts[3]) * 3600
        }
        let slot = ExportSlot(granularity: granularity, start: start)
        return key == self.key(of: slot) ? slot : nil
    }
}
