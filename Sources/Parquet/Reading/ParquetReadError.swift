/// Why a Parquet file could not be read, and where: branch on ``code``; ``description`` is a sentence for people
/// that names the row group, the column and the file offset when they are known.
///
/// Every failure of ``ParquetFileReader`` is one of these, whatever the input: damaged, truncated or hostile files
/// throw, they never trap.
public struct ParquetReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure; branch on this.
    public enum Code: String, Sendable, Hashable {
        /// The bytes do not start and end with `PAR1` (or it is an encrypted `PARE` file).
        case notParquet
        /// The file or a structure in it ends before it should.
        case truncated
        /// A structure or page is malformed, or disagrees with the metadata.
        case corrupt
        /// Valid Parquet that this reader does not read: nested schemas, a codec or encoding it lacks.
        case unsupported
        /// A declared size beyond ``ParquetReadLimits``: a guard against hostile files.
        case limitExceeded
        /// The byte source failed (an I/O error).
        case io
    }

    /// What kind of failure.
    public var code: Code
    /// What went wrong, without the location.
    public var message: String
    /// The row group (0-based) being read, when known.
    public var rowGroup: Int?
    /// The column being read, when known.
    public var column: String?
    /// The file offset of the structure or page at fault, when known.
    public var offset: Int?

    /// An error with its code, message and whatever location is known.
    public init(_ code: Code, _ message: String, rowGroup: Int? = nil, column: String? = nil, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.rowGroup = rowGroup
        self.column = column
        self.offset = offset
    }

    /// `row group 1, column "BilledCost", offset 1234: <message>` (the parts known).
    public var description: String {
        var location: [String] = []
        if let rowGroup { location.append("row group \(rowGroup)") }
        if let column { location.append("column \"\(column)\"") }
        if let offset { location.append("offset \(offset)") }
        return location.isEmpty ? message : location.joined(separator: ", ") + ": " + message
    }

    /// This error with the row group and column filled in where they are still unknown.
    func located(rowGroup: Int? = nil, column: String? = nil) -> ParquetReadError {
        var copy = self
        if copy.rowGroup == nil { copy.rowGroup = rowGroup }
        if copy.column == nil { copy.column = column }
        return copy
    }

    /// Runs `body`, turning any error into a ``ParquetReadError`` located at `rowGroup` and `column`.
    static func locating<T>(rowGroup: Int? = nil, column: String? = nil, _ body: () throws -> T)
        throws(ParquetReadError) -> T
    {
        do {
            return try body()
        } catch let error as ParquetReadError {
            throw error.located(rowGroup: rowGroup, column: column)
        } catch {
            throw ParquetReadError(.io, "\(error)", rowGroup: rowGroup, column: column)
        }
    }
}
