/// An SQL identifier this module may put into a statement: `[A-Za-z_][A-Za-z0-9_]{0,62}`, always emitted quoted
/// (`"BilledCost"`), so case is kept and reserved words are harmless. Nothing else is ever spliced into SQL: values
/// travel as bind parameters or as COPY data.
struct SQLIdentifier: Sendable, Hashable, Comparable, CustomStringConvertible {
    let name: String

    /// `nil` unless `name` is 1–63 ASCII letters, digits and underscores, not starting with a digit.
    init?(_ name: String) {
        guard Self.isValid(name) else { return nil }
        self.name = name
    }

    static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first)
        else { return false }
        return bytes.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
        }
    }

    /// The identifier quoted for SQL. Validation leaves no quote to escape.
    var quoted: String { "\"\(name)\"" }

    var description: String { name }

    static func < (lhs: SQLIdentifier, rhs: SQLIdentifier) -> Bool { lhs.name < rhs.name }
}

/// The table a sink writes: a valid identifier (see ``init(validating:)``), always quoted in SQL, so `BilledCosts`
/// and `billedcosts` are two tables in PostgreSQL.
public struct TableName: Sendable, Hashable, CustomStringConvertible {
    let identifier: SQLIdentifier

    /// - Throws: ``DatabaseError/Code/invalidTable`` unless `name` matches `[A-Za-z_][A-Za-z0-9_]{0,62}` and is not
    ///   one of this module's own tables (`finops_loads`).
    public init(validating name: String) throws(DatabaseError) {
        guard let identifier = SQLIdentifier(name) else {
            throw DatabaseError(
                .invalidTable,
                "table name \(TableName.quoteForMessage(name)) is not valid: use 1 to 63 ASCII letters, digits and "
                    + "underscores, not starting with a digit")
        }
        guard !Self.reserved.contains(name.lowercased()) else {
            throw DatabaseError(.invalidTable, "table name \(name) is reserved for the sink's bookkeeping")
        }
        self.identifier = identifier
    }

    /// An already checked name (the module's own tables).
    init(identifier: SQLIdentifier) {
        self.identifier = identifier
    }

    public var name: String { identifier.name }
    public var description: String { identifier.name }

    static let reserved: Set<String> = ["finops_loads", "finops_stage"]

    /// A name for a message: at most 80 characters, control characters escaped.
    static func quoteForMessage(_ name: String) -> String {
        var text = ""
        for scalar in name.unicodeScalars.prefix(80) {
            text += scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return "'" + text + (name.unicodeScalars.count > 80 ? "…" : "") + "'"
    }
}
