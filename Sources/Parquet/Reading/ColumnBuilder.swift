/// Gathers a column chunk's pages into one ``ParquetColumnValues``: one slot per row, nulls as placeholders.
///
/// Byte arrays stay as indices into the dictionary while every page is dictionary-encoded (the common case, and the
/// cheap one); the first PLAIN page (a writer's dictionary fallback) turns them into copies.
struct ColumnBuilder {
    let column: ParquetColumn
    private(set) var rows = 0
    private var present: [Bool] = []
    private var sawNull = false
    /// Rows with a value so far.
    private var nonNullRows = 0

    private var booleans: [Bool] = []
    private var int32s: [Int32] = []
    private var int64s: [Int64] = []
    private var floats: [Float] = []
    private var doubles: [Double] = []
    private var arrays = ByteArrays()
    /// Per-row dictionary indices while ``indexedDictionary`` is set.
    private var indices: [UInt32] = []
    private var indexedDictionary: ByteArrays?

    init(column: ParquetColumn, rows: Int) {
        self.column = column
        if column.isOptional { present.reserveCapacity(rows) }
    }

    /// `count` null rows.
    mutating func appendNulls(_ count: Int) {
        rows += count
        sawNull = sawNull || count > 0
    }

    /// A page of `rows` rows whose non-null values are `values`; `levels` (1 present, 0 null) is `nil` when every
    /// row is present.
    mutating func append(levels: [UInt32]?, rows count: Int, values: DenseValues) throws {
        guard values.count == (levels.map { $0.reduce(0) { $0 + Int($1) } } ?? count) else {
            throw ParquetReadError(.corrupt, "the page holds \(values.count) values for \(count) rows")
        }
        if values.count == 0 && indexedDictionary != nil {
            // An all-null page amid dictionary pages: placeholders keep the indices going.
            indices.append(contentsOf: repeatElement(0, count: count))
            return recordPresence(levels, count)
        }
        if case .bytes = values, let dictionary = indexedDictionary { materialize(dictionary) }
        var next = 0
        func each(_ body: (Int?) -> Void) {
            for row in 0..<count {
                if let levels, levels[row] == 0 {
                    body(nil)
                } else {
                    body(next)
                    next += 1
                }
            }
        }
        switch values {
        case .booleans(let values): each { booleans.append($0.map { values[$0] } ?? false) }
        case .int32s(let values): each { int32s.append($0.map { values[$0] } ?? 0) }
        case .int64s(let values): each { int64s.append($0.map { values[$0] } ?? 0) }
        case .floats(let values): each { floats.append($0.map { values[$0] } ?? 0) }
        case .doubles(let values): each { doubles.append($0.map { values[$0] } ?? 0) }
        case .bytes(let values):
            arrays.reserveCapacity(arrays: count, bytes: values.data.count)
            each {
                if let index = $0 { arrays.append(values[index]) } else { arrays.appendEmpty() }
            }
        }
        nonNullRows += values.count
        recordPresence(levels, count)
    }

    /// A dictionary-encoded page: `indices` for its non-null values into `dictionary`'s entries.
    mutating func append(levels: [UInt32]?, rows count: Int, indices pageIndices: [UInt32], dictionary: DenseValues)
        throws
    {
        let entries = dictionary.count
        for index in pageIndices where Int(index) >= entries {
            throw ParquetReadError(.corrupt, "dictionary index \(index) out of the dictionary's \(entries) entries")
        }
        guard pageIndices.count == (levels.map { $0.reduce(0) { $0 + Int($1) } } ?? count) else {
            throw ParquetReadError(.corrupt, "the page holds \(pageIndices.count) indices for \(count) rows")
        }
        var next = 0
        func each(_ body: (Int?) -> Void) {
            for row in 0..<count {
                if let levels, levels[row] == 0 {
                    body(nil)
                } else {
                    body(Int(pageIndices[next]))
                    next += 1
                }
            }
        }
        switch dictionary {
        case .booleans(let values): each { booleans.append($0.map { values[$0] } ?? false) }
        case .int32s(let values): each { int32s.append($0.map { values[$0] } ?? 0) }
        case .int64s(let values): each { int64s.append($0.map { values[$0] } ?? 0) }
        case .floats(let values): each { floats.append($0.map { values[$0] } ?? 0) }
        case .doubles(let values): each { doubles.append($0.map { values[$0] } ?? 0) }
        case .bytes(let values):
            if indexedDictionary != nil || nonNullRows == 0 {
                // Still all dictionary pages (after nulls only, perhaps): keep indices.
                if indexedDictionary == nil {
                    indices = Array(repeating: 0, count: rows)
                    arrays = ByteArrays()
                }
                indexedDictionary = values
                indices.reserveCapacity(self.rows + count)
                each { indices.append(UInt32($0 ?? 0)) }
            } else {
                each {
                    if let index = $0 { arrays.append(values[index]) } else { arrays.appendEmpty() }
                }
            }
        }
        nonNullRows += pageIndices.count
        recordPresence(levels, count)
    }

    /// Turns the indices gathered so far into copies of the entries.
    private mutating func materialize(_ dictionary: ByteArrays) {
        for row in 0..<indices.count {
            if present.isEmpty || present[row] {
                arrays.append(dictionary[Int(indices[row])])
            } else {
                arrays.appendEmpty()
            }
        }
        indices = []
        indexedDictionary = nil
    }

    private mutating func recordPresence(_ levels: [UInt32]?, _ count: Int) {
        if column.isOptional {
            if let levels {
                for level in levels {
                    present.append(level != 0)
                    sawNull = sawNull || level == 0
                }
            } else {
                present.append(contentsOf: repeatElement(true, count: count))
            }
        }
        rows += count
    }

    /// The chunk's values.
    func finish() -> ParquetColumnValues {
        let storage: ValueStorage
        if case .null = column.valueKind {
            // An UNKNOWN column: rows appended as bare nulls, nothing to store.
            storage = .none
        } else {
            switch column.physicalType {
            case .boolean: storage = .booleans(booleans)
            case .int32: storage = .int32s(int32s)
            case .int64: storage = .int64s(int64s)
            case .float: storage = .floats(floats)
            case .double: storage = .doubles(doubles)
            case .byteArray, .fixedLenByteArray, .int96:
                if let indexedDictionary {
                    storage = .dictionary(indexedDictionary, indices)
                } else {
                    storage = .bytes(arrays)
                }
            }
        }
        return ParquetColumnValues(column: column, count: rows, present: sawNull ? present : [], storage: storage)
    }
}
