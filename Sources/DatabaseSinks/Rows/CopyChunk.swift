import NIOCore

/// Whole CSV records ready for `COPY … FROM STDIN (FORMAT csv)`, each ending with the row key column and a line
/// feed, with the CSV line on which each record began in the body.
struct CopyChunk: Sendable {
    var buffer: ByteBuffer
    var lines: [Int]

    var recordCount: Int { lines.count }
}

/// The rejected rows of a load: the first few (after sorting by line) and the total.
struct RejectionLog: Sendable {
    let sampleLimit: Int
    private(set) var samples: [RowRejection] = []
    private(set) var count = 0

    init(sampleLimit: Int) {
        self.sampleLimit = sampleLimit
    }

    mutating func record(_ rejection: RowRejection) {
        count += 1
        // Rejections are found out of line order (a refused segment is searched after later rows were read), so
        // more than asked are kept and the first ones by line are reported.
        if samples.count < max(sampleLimit * 8, 200) { samples.append(rejection) }
    }

    /// Counts rejections that are not described.
    mutating func countOnly(_ n: Int) { count += n }

    /// The first samples by line.
    var report: [RowRejection] {
        Array(samples.sorted { ($0.line, $0.column ?? "") < ($1.line, $1.column ?? "") }.prefix(sampleLimit))
    }
}

/// Writes records for COPY in PostgreSQL's CSV format: every non-null value quoted (so no value can be read as
/// null, as the end-of-data marker or as a line end), null as nothing, the row key last.
enum CanonicalCSVEncoder {
    /// `"value"` with quotes doubled.
    static func appendQuoted(_ field: UnsafeBufferPointer<UInt8>, to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<field.count where field[index] == UInt8(ascii: "\"") {
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(field)[runStart...index]))
            buffer.writeInteger(UInt8(ascii: "\""))
            runStart = index + 1
        }
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(field)[runStart...]))
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// `<32 hex digits>\n`.
    static func appendKeyAndLineEnd(_ key: RowKey, to buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 33) { bytes in
            key.appendHex(to: bytes)
            bytes[32] = UInt8(ascii: "\n")
            return 33
        }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body that throws ``DatabaseError`` only.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(DatabaseError) -> R) throws(DatabaseError) -> R {
        let result: Result<R, DatabaseError> = withUnsafeBytes { bytes in
            Result { () throws(DatabaseError) -> R in try body(bytes) }
        }
        return try result.get()
    }
}

extension ByteBuffer {
    /// `withUnsafeReadableBytes` for a body that throws ``DatabaseError`` only.
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(DatabaseError) -> R) throws(DatabaseError) -> R {
        let result: Result<R, DatabaseError> = withUnsafeReadableBytes { bytes in
            Result { () throws(DatabaseError) -> R in try body(bytes) }
        }
        return try result.get()
    }
}
