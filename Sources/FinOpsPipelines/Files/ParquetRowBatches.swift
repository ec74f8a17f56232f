import Focus
import Parquet

/// A Parquet file's rows as ``RowBatch``es of FOCUS CSV text (decimals without exponent, date/times in UTC with `Z`,
/// nulls as nulls), one row group decoded at a time: what `validate` and `convert` read Parquet through, so a
/// Parquet file meets the same validator and CSV writer as a CSV file. Line numbers are row numbers + 1 (the header
/// counts as line 1, as in the CSV the file would be).
public struct ParquetRowBatches {
    public let reader: ParquetFileReader
    public let header: FocusHeader

    public init(path: String) throws(ParquetReadError) {
        reader = try ParquetFileReader(path: path)
        header = FocusHeader(reader.columns.map(\.name))
    }

    /// Calls `body` with batches of up to `rows` rows, in file order.
    public func forEach(rows: Int = 4096, _ body: (RowBatch) throws -> Void) throws {
        var builder = RowBatchBuilder(header: header)
        var scratch: [UInt8] = []
        var line = 1
        for index in 0..<reader.rowGroupCount {
            let group = try reader.readRowGroup(index)
            for row in 0..<group.numRows {
                line += 1
                builder.beginRow(line: line)
                for values in group.columns {
                    scratch.removeAll(keepingCapacity: true)
                    if values.appendText(row, to: &scratch) {
                        scratch.withUnsafeBufferPointer { builder.appendField($0) }
                    } else {
                        builder.appendNull()
                    }
                }
                builder.endRow()
                if builder.rowCount >= rows { try body(builder.finish()) }
            }
        }
        if builder.rowCount > 0 { try body(builder.finish()) }
    }
}
