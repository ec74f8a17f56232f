/// The read side of the Thrift compact protocol: enough to decode a Parquet footer and page headers written by any
/// writer, skipping every field it does not know (all compact types: bools, integers, doubles, binary, lists, sets,
/// maps, structs, UUIDs).
///
/// Reading is bounds-checked throughout: a value that runs past the end, a varint longer than 10 bytes or out of its
/// type's range, a list that claims more elements than bytes remain, or nesting deeper than ``maxDepth`` throws
/// ``ParquetReadError`` naming the file offset (``baseOffset`` plus the position). The rules are those of
/// `docs/design/parquet-writer.md` §2, the mirror of ``ThriftCompactWriter``.
public struct ThriftCompactReader: Sendable {
    /// Compact protocol type ids as they appear in field and list headers.
    public enum ValueType: UInt8, Sendable {
        case boolTrue = 1
        case boolFalse = 2
        case byte = 3
        case i16 = 4
        case i32 = 5
        case i64 = 6
        case double = 7
        case binary = 8
        case list = 9
        case set = 10
        case map = 11
        case `struct` = 12
        case uuid = 13
    }

    /// A field header: its id and the type of its value (for bools, the value itself).
    public struct FieldHeader: Sendable, Hashable {
        public var id: Int16
        public var type: ValueType
    }

    /// How deep structs, lists and maps may nest before the input is taken as hostile.
    public static let maxDepth = 64

    /// The bytes being decoded.
    public let bytes: [UInt8]
    /// The file offset of `bytes[0]`, for error messages.
    public let baseOffset: Int
    /// The index of the next byte to read.
    public private(set) var position: Int
    private var lastFieldIDs: [Int16] = []

    /// A reader of `bytes` starting at `position`; `baseOffset` is where `bytes[0]` sits in the file.
    public init(bytes: [UInt8], position: Int = 0, baseOffset: Int = 0) {
        self.bytes = bytes
        self.position = position
        self.baseOffset = baseOffset
    }

    /// The bytes left after ``position``.
    public var remaining: Int { bytes.count - position }

    // MARK: - Structs

    /// Reads a whole struct: `body` is called once per field with the reader positioned at the field's value, and
    /// must consume that value (read it, or ``skip(_:)`` it). Returns after the struct's STOP byte.
    public mutating func readStruct(_ body: (inout ThriftCompactReader, FieldHeader) throws -> Void) throws {
        guard lastFieldIDs.count < Self.maxDepth else { throw error("structs nest deeper than \(Self.maxDepth)") }
        lastFieldIDs.append(0)
        defer { lastFieldIDs.removeLast() }
        while let header = try readFieldHeader() {
            try body(&self, header)
        }
    }

    /// The next field header of the innermost struct, or `nil` at its STOP byte.
    private mutating func readFieldHeader() throws -> FieldHeader? {
        let at = position
        let byte = try readByte()
        if byte == 0 { return nil }
        guard let type = ValueType(rawValue: byte & 0x0F) else {
            throw error("unknown compact type \(byte & 0x0F) in a field header", at: at)
        }
        let delta = Int16(byte >> 4)
        let last = lastFieldIDs[lastFieldIDs.count - 1]
        let id: Int16
        if delta == 0 {
            id = try readI16()
        } else {
            let (sum, overflow) = last.addingReportingOverflow(delta)
            guard !overflow else { throw error("field id overflows", at: at) }
            id = sum
        }
        lastFieldIDs[lastFieldIDs.count - 1] = id
        return FieldHeader(id: id, type: type)
    }

    // MARK: - Scalars

    /// A bool field's value: carried by its type.
    public func bool(_ header: FieldHeader) -> Bool { header.type == .boolTrue }

    /// One raw byte (compact `byte`, i8).
    public mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw error("the data ends inside a Thrift value") }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func readI16() throws -> Int16 {
        let at = position
        let value = try readZigzag()
        guard let result = Int16(exactly: value) else { throw error("i16 out of range: \(value)", at: at) }
        return result
    }

    public mutating func readI32() throws -> Int32 {
        let at = position
        let value = try readZigzag()
        guard let result = Int32(exactly: value) else { throw error("i32 out of range: \(value)", at: at) }
        return result
    }

    public mutating func readI64() throws -> Int64 { try readZigzag() }

    /// A double: 8 bytes, little-endian.
    public mutating func readDouble() throws -> Double {
        let raw = try readFixed(8)
        var bits: UInt64 = 0
        for (index, byte) in raw.enumerated() { bits |= UInt64(byte) << UInt64(8 * index) }
        return Double(bitPattern: bits)
    }

    /// A binary value: a varint length, then the bytes.
    public mutating func readBinary() throws -> [UInt8] {
        let at = position
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw error("a binary value of \(length) bytes runs past the end (\(remaining) left)", at: at)
        }
        return try readFixed(Int(length))
    }

    /// A binary value decoded as UTF-8 (invalid sequences are replaced, never trusted).
    public mutating func readString() throws -> String { String(decoding: try readBinary(), as: UTF8.self) }

    // MARK: - Containers

    /// A list or set header: the element type and count. Every element takes at least one byte, so a count beyond
    /// the bytes left is refused here, before anyone allocates for it.
    public mutating func readListHeader() throws -> (type: ValueType, count: Int) {
        let at = position
        let byte = try readByte()
        guard let type = ValueType(rawValue: byte & 0x0F) else {
            throw error("unknown compact type \(byte & 0x0F) in a list header", at: at)
        }
        var count = UInt64(byte >> 4)
        if count == 15 { count = try readVarint() }
        guard count <= UInt64(remaining) else {
            throw error("a list of \(count) elements is longer than the \(remaining) bytes left", at: at)
        }
        return (type, Int(count))
    }

    /// A bool as a list element: one byte (1 true; 0 or 2 false).
    public mutating func readBoolElement() throws -> Bool { try readByte() == 1 }

    /// Reads a list of `elementType` elements with `element` for each; other element types are skipped.
    public mutating func readList(
        of elementType: ValueType, _ element: (inout ThriftCompactReader) throws -> Void
    ) throws {
        try nested {
            let (type, count) = try $0.readListHeader()
            for _ in 0..<count {
                if Self.sameType(type, elementType) {
                    try element(&$0)
                } else {
                    try $0.skip(type)
                }
            }
        }
    }

    // MARK: - Skipping

    /// Skips a value of `type`, whatever it holds (the value of a field this reader does not know).
    public mutating func skip(_ type: ValueType) throws {
        switch type {
        case .boolTrue, .boolFalse: break  // a field's bool lives in its header
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double: _ = try readFixed(8)
        case .uuid: _ = try readFixed(16)
        case .binary: _ = try readBinary()
        case .struct: try readStruct { reader, header in try reader.skip(header.type) }
        case .list, .set:
            try nested {
                let (elementType, count) = try $0.readListHeader()
                for _ in 0..<count { try $0.skipElement(elementType) }
            }
        case .map:
            try nested {
                let at = $0.position
                let count = try $0.readVarint()
                guard count > 0 else { return }
                guard count <= UInt64($0.remaining / 2) else {
                    throw $0.error("a map of \(count) entries is longer than the bytes left", at: at)
                }
                let types = try $0.readByte()
                guard let key = ValueType(rawValue: types >> 4), let value = ValueType(rawValue: types & 0x0F) else {
                    throw $0.error("unknown compact types \(types) in a map header", at: at)
                }
                for _ in 0..<count {
                    try $0.skipElement(key)
                    try $0.skipElement(value)
                }
            }
        }
    }

    /// Skips a list, set or map element: like ``skip(_:)``, except that a bool element is a whole byte.
    private mutating func skipElement(_ type: ValueType) throws {
        if type == .boolTrue || type == .boolFalse {
            _ = try readByte()
        } else {
            try skip(type)
        }
    }

    // MARK: - Primitives

    /// Runs `body` one nesting level deeper, refusing input that nests beyond ``maxDepth``.
    private mutating func nested(_ body: (inout ThriftCompactReader) throws -> Void) throws {
        guard lastFieldIDs.count < Self.maxDepth else { throw error("containers nest deeper than \(Self.maxDepth)") }
        lastFieldIDs.append(0)
        defer { lastFieldIDs.removeLast() }
        try body(&self)
    }

    /// Equal types, counting both bool ids as one (a bool list may be headed by either).
    private static func sameType(_ a: ValueType, _ b: ValueType) -> Bool {
        a == b || (a.rawValue <= 2 && b.rawValue <= 2)
    }

    private mutating func readFixed(_ count: Int) throws -> [UInt8] {
        guard count <= remaining else {
            throw error("a \(count)-byte value runs past the end (\(remaining) left)")
        }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// ULEB128, at most 10 bytes.
    private mutating func readVarint() throws -> UInt64 {
        let at = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            if shift == 63 && byte > 1 { throw error("a varint overflows 64 bits", at: at) }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw error("a varint is longer than 10 bytes", at: at) }
        }
    }

    private mutating func readZigzag() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// A corrupt-input error at file offset `baseOffset + at` (the current position by default).
    func error(_ message: String, at: Int? = nil) -> ParquetReadError {
        ParquetReadError(.corrupt, "Thrift: " + message, offset: baseOffset + (at ?? position))
    }
}
