/// A parsed JSON value that keeps what JSON says exactly: object members in source order (duplicates included),
/// numbers as their source text (so `0.1000000000000000055` or a 30-digit cost never passes through `Double`).
///
/// Values are `Sendable` and `Hashable` (two numbers are equal when their texts are, so `1.0` ≠ `1`). Nesting is at
/// most ``JSONParser/Options/maximumDepth`` deep, which bounds every recursive walk over a tree the parser made.
public enum JSONNode: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// The number's exact source text, already checked against the RFC 8259 grammar (e.g. `-12.50e3`).
    case number(String)
    /// A string, escapes decoded.
    case string(String)
    /// An array, in source order.
    case array([JSONNode])
    /// An object, members in source order.
    case object(JSONObject)

    /// The member `key` of an object (the last one when the key repeats, as most JSON readers do); `nil` for a
    /// missing key or when this is not an object.
    public subscript(key: String) -> JSONNode? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// The object, or `nil` when this is something else.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The elements, or `nil` when this is not an array.
    public var arrayValue: [JSONNode]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The string, or `nil` when this is not a string.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The number's source text, or `nil` when this is not a number.
    public var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    /// Whether this is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// `object`, `array`, `string`, `number`, `boolean` or `null`: the JSON type, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// A JSON object: its members in source order. Lookup by key is a linear scan, which beats hashing for the small
/// objects payloads are made of and keeps duplicate keys visible.
public struct JSONObject: Sendable, Hashable {
    /// One `"key": value` member.
    public struct Member: Sendable, Hashable {
        /// The member name.
        public var key: String
        /// The member value.
        public var value: JSONNode

        /// The member `key: value`.
        public init(key: String, value: JSONNode) {
            self.key = key
            self.value = value
        }
    }

    /// The members in source order, duplicates included.
    public var members: [Member]

    /// An object of `members`, in that order.
    public init(members: [Member] = []) {
        self.members = members
    }

    /// The value of the last member called `key`, or `nil`.
    public subscript(key: String) -> JSONNode? {
        members.last { $0.key == key }?.value
    }

    /// The keys in source order (a repeated key appears each time).
    public var keys: [String] { members.map(\.key) }

    /// The number of members, duplicates included.
    public var count: Int { members.count }
    /// Whether the object has no member.
    public var isEmpty: Bool { members.isEmpty }
}
