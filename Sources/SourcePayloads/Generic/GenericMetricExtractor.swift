import Focus

/// Krateo's `generic` metric type: every row of any table is one sample of the metric `generic.metricName`, its
/// value in the column at `generic.valueColumnIndex` (zero-based), its labels the other columns.
///
/// The column index counts in the table's own order: a CSV's header order, a JSON table's key order as
/// ``JSONTableDecoder`` produced it (Krateo sorted JSON keys: decode with ``JSONTableDecoder/ColumnOrder/sorted``),
/// a Prometheus response's `labels…, value, timestamp`.
///
/// Differences from Krateo's exporter, which made every column a label, the value column included: the value
/// column is not a label here (otherwise every new value would start a new series); a row whose value is null or
/// not a number is skipped and reported rather than logged; an index beyond the columns is an error, not a crash.
public struct GenericMetricExtractor: Sendable {
    /// The metric every sample belongs to.
    public var metricName: String
    /// Zero-based index of the value column.
    public var valueColumnIndex: Int

    /// An extractor for `metricName` with its value in column `valueColumnIndex`.
    public init(metricName: String, valueColumnIndex: Int) {
        self.metricName = metricName
        self.valueColumnIndex = valueColumnIndex
    }

    /// The samples of every row of `batch`; throws when the value column does not exist.
    public func samples(from batch: RowBatch) throws(GenericMetricError) -> GenericMetricSamples {
        guard valueColumnIndex >= 0, valueColumnIndex < batch.columnCount else {
            throw GenericMetricError(
                valueColumnIndex: valueColumnIndex, columns: batch.header.names,
                message: "generic.valueColumnIndex \(valueColumnIndex) is outside the \(batch.columnCount) columns "
                    + "(\(batch.header.names.prefix(20).joined(separator: ", ")))")
        }
        let labelColumns = (0..<batch.columnCount).filter { $0 != valueColumnIndex }
        var result = GenericMetricSamples(metricName: metricName, valueColumn: batch.header.names[valueColumnIndex])
        for row in 0..<batch.rowCount {
            guard let value = batch.string(row: row, column: valueColumnIndex) else {
                result.skipped.append(
                    GenericMetricSamples.SkippedRow(
                        row: row, line: batch.lineNumbers[row], reason: "the value is empty"))
                continue
            }
            guard Self.isNumeric(value) else {
                result.skipped.append(
                    GenericMetricSamples.SkippedRow(
                        row: row, line: batch.lineNumbers[row],
                        reason: "the value \"\(value.prefix(40))\" is not a number"))
                continue
            }
            let labels = labelColumns.map { column in
                GenericMetricSample.Label(
                    name: batch.header.names[column], value: batch.string(row: row, column: column) ?? "")
            }
            result.samples.append(GenericMetricSample(labels: labels, value: value, row: row))
        }
        return result
    }

    /// A decimal or exponent number (leading `+` or `-` allowed), or `NaN`, `Inf`, `+Inf`, `-Inf`, `Infinity` in
    /// any case: what Go's `strconv.ParseFloat`, which Krateo used, accepts in practice.
    public static func isNumeric(_ text: String) -> Bool {
        let lowered = text.lowercased()
        let unsigned = lowered.hasPrefix("+") || lowered.hasPrefix("-") ? lowered.dropFirst() : Substring(lowered)
        if lowered == "nan" || unsigned == "inf" || unsigned == "infinity" { return true }
        var bytes = unsigned.utf8[...]
        let integer = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }
        bytes = bytes.dropFirst(integer.count)
        var digits = integer.count
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            let fraction = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }
            digits += fraction.count
            bytes = bytes.dropFirst(fraction.count)
        }
        guard digits > 0 else { return false }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                bytes = bytes.dropFirst()
            }
            let exponent = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }
            guard !exponent.isEmpty else { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }
}
