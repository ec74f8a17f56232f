import Focus

/// Turns a JSON table into rows: an array of objects (columns are the keys), or an array of arrays whose first
/// element is the header. The array may be the whole payload or sit inside an object (`{"data": [...]}`).
///
/// Columns of an array of objects are the union of all keys, in first-seen order or sorted (``ColumnOrder``). A
/// key missing from a row is null; values become text by ``JSONNode/fieldText`` (numbers exactly as sent, nested
/// values as compact JSON). Rows of the wrong shape are skipped and reported as problems.
///
/// Krateo's `generic` exporter read the same payloads; it sorted the keys (so `generic.valueColumnIndex` counts
/// in sorted order: use ``ColumnOrder/sorted`` for those configurations) and printed numbers through `float64`.
public struct JSONTableDecoder: Sendable {
    /// The order of the columns of an array of objects.
    public enum ColumnOrder: Sendable, Hashable {
        /// Keys in the order they first appear, row by row.
        case firstSeen
        /// Keys sorted byte by byte (Krateo's order).
        case sorted
    }

    /// Member names from the root object down to the array; `[]` means the root is the array. `nil` finds it:
    /// the root if it is an array, else the first member (in source order) holding an array of objects or arrays,
    /// else the first member holding any array.
    public var rowsPath: [String]?
    /// Column order for arrays of objects (arrays of arrays keep their header's order).
    public var columnOrder: ColumnOrder

    /// A decoder finding the rows at `rowsPath` (or automatically) with columns in `columnOrder`.
    public init(rowsPath: [String]? = nil, columnOrder: ColumnOrder = .firstSeen) {
        self.rowsPath = rowsPath
        self.columnOrder = columnOrder
    }

    /// Decodes UTF-8 JSON bytes.
    public func decode(_ bytes: some Collection<UInt8>) throws(PayloadError) -> DecodedPayload {
        try decode(PayloadJSON.parse(bytes))
    }

    /// Decodes a parsed payload.
    public func decode(_ root: JSONNode) throws(PayloadError) -> DecodedPayload {
        let (elements, path) = try locateRows(in: root)
        guard let first = elements.first else {
            return DecodedPayload(rows: RowBatch(header: FocusHeader([])))
        }
        switch first {
        case .object: return decodeObjects(elements, at: path)
        case .array: return try decodeArrays(elements, at: path)
        default:
            throw PayloadError(
                .wrongType, at: path.appending(index: 0),
                "expected each row to be an object or an array, found \(first.kindName)")
        }
    }

    // MARK: - Finding the array

    func locateRows(in root: JSONNode) throws(PayloadError) -> (elements: [JSONNode], path: JSONPath) {
        if let rowsPath {
            var node = root
            var path = JSONPath.root
            for key in rowsPath {
                guard case .object(let object) = node else {
                    throw PayloadError.wrongType(at: path, expected: "an object holding \"\(key)\"", found: node)
                }
                guard let next = object[key] else { throw PayloadError.missing(key, in: path, expected: "member") }
                node = next
                path = path.appending(key)
            }
            guard case .array(let elements) = node else {
                throw PayloadError.wrongType(at: path, expected: "an array of rows", found: node)
            }
            return (elements, path)
        }
        switch root {
        case .array(let elements):
            return (elements, .root)
        case .object(let object):
            let holdsRows = object.members.first { member in
                member.value.arrayValue?.contains { $0.objectValue != nil || $0.arrayValue != nil } ?? false
            }
            if let member = holdsRows ?? object.members.first(where: { $0.value.arrayValue != nil }),
                let elements = member.value.arrayValue
            {
                return (elements, JSONPath.root.appending(member.key))
            }
            let keys = object.keys.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
            throw PayloadError(
                .wrongType, at: .root,
                "expected an array of rows or an object holding one; no member is an array (members: \(keys))")
        default:
            throw PayloadError.wrongType(at: .root, expected: "an array of rows or an object holding one", found: root)
        }
    }

    // MARK: - Array of objects

    private func decodeObjects(_ elements: [JSONNode], at path: JSONPath) -> DecodedPayload {
        var columns: [String] = []
        var seen: Set<String> = []
        for element in elements {
            guard case .object(let object) = element else { continue }
            for member in object.members where seen.insert(member.key).inserted { columns.append(member.key) }
        }
        if columnOrder == .sorted { columns.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
        var position: [String: Int] = [:]
        for (index, name) in columns.enumerated() { position[name] = index }

        var log = ProblemLog()
        var builder = RowBatchBuilder(header: FocusHeader(columns))
        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else {
                log.add(
                    path.appending(index: index),
                    "row skipped: expected an object like the first row, found \(element.kindName)")
                continue
            }
            var fields = [String?](repeating: nil, count: columns.count)
            for member in object.members {
                if let column = position[member.key] { fields[column] = member.value.fieldText }
            }
            builder.appendRow(fields)
        }
        return DecodedPayload(rows: builder.finish(), log: log)
    }

    // MARK: - Array of arrays

    private func decodeArrays(_ elements: [JSONNode], at path: JSONPath) throws(PayloadError) -> DecodedPayload {
        var log = ProblemLog()
        let headerPath = path.appending(index: 0)
        let headerCells = elements[0].arrayValue ?? []
        var names: [String] = []
        var seen: Set<String> = []
        for (index, cell) in headerCells.enumerated() {
            switch cell {
            case .string, .number, .bool:
                let name = cell.fieldText ?? ""
                if !seen.insert(name).inserted {
                    log.add(
                        headerPath.appending(index: index),
                        "duplicate column name \"\(name)\"; the first one is used by name")
                }
                names.append(name)
            default:
                throw PayloadError(
                    .invalidValue, at: headerPath.appending(index: index),
                    "a header cell must be a string, found \(cell.kindName)")
            }
        }
        var builder = RowBatchBuilder(header: FocusHeader(names))
        for index in elements.indices.dropFirst() {
            guard case .array(let cells) = elements[index] else {
                log.add(
                    path.appending(index: index),
                    "row skipped: expected an array like the header, found \(elements[index].kindName)")
                continue
            }
            guard cells.count == names.count else {
                log.add(
                    path.appending(index: index),
                    "row skipped: it has \(cells.count) fields, the header has \(names.count)")
                continue
            }
            builder.appendRow(cells.map(\.fieldText))
        }
        return DecodedPayload(rows: builder.finish(), log: log)
    }
}
