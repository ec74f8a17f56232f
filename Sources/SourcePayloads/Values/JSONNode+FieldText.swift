extension JSONNode {
    /// The text of this value as a table field: `nil` for `null`, strings as they are, numbers as their exact
    /// source text, booleans as `true`/`false`, arrays and objects as compact JSON text.
    public var fieldText: String? {
        switch self {
        case .null: return nil
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return text
        case .array, .object: return compactJSON
        }
    }
}
