import Foundation

/// A JSON document as a value: what unstructured Kubernetes objects, patches and watch payloads are made of.
///
/// Integers and floating-point numbers are kept apart so that `resourceVersion`-like integers and ports survive a
/// round trip unchanged; ``isSemanticallyEqual(to:)`` treats `2112` and `2112.0` as the same number.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

// MARK: - Accessors

extension JSONValue {
    /// The member `key` of an object, or `nil` for other values and missing keys.
    public subscript(key: String) -> JSONValue? {
        get {
            if case .object(let members) = self { return members[key] }
            return nil
        }
        set {
            guard case .object(var members) = self else { return }
            members[key] = newValue
            self = .object(members)
        }
    }

    /// The value at a path of object keys, e.g. `["metadata", "name"]`.
    public subscript(path path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int64(d)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var isNull: Bool { self == .null }
}

// MARK: - Semantic comparison

extension JSONValue {
    /// Equality that treats integral doubles and integers as equal (`2112 == 2112.0`), as JSON itself does.
    public func isSemanticallyEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSemanticallyEqual(to: $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map(value.isSemanticallyEqual) ?? false }
        default: return self == other
        }
    }

    /// Whether every field set in `subset` is present here with the same value; fields only present here (server
    /// defaults, other managers' fields) are ignored.
    ///
    /// Arrays follow server-side apply's list semantics: a list of objects that all carry a key field (`uid`,
    /// `name`, `mountPath`: owner references, containers, volumes, env, ports, mounts) is associative, so each wanted
    /// element must match the live element with the same key, in any order, and other managers' elements are
    /// ignored; any other list is atomic and must match element by element with the same length.
    ///
    /// This is how a controller decides that a live object already carries everything it would apply, so that it can
    /// skip a write: server-side apply of an unchanged object is cheap on a real API server but still a request.
    public func contains(subset: JSONValue) -> Bool {
        switch (self, subset) {
        case (.object(let live), .object(let wanted)):
            return wanted.allSatisfy { key, value in
                guard let liveValue = live[key] else { return value.isEmptyContainer || value == .null }
                return liveValue.contains(subset: value)
            }
        case (.array(let live), .array(let wanted)):
            if let key = Self.associativeKey(of: wanted) {
                return wanted.allSatisfy { element in
                    live.contains { $0[key] == element[key] && $0.contains(subset: element) }
                }
            }
            return live.count == wanted.count && zip(live, wanted).allSatisfy { $0.contains(subset: $1) }
        default:
            return isSemanticallyEqual(to: subset)
        }
    }

    /// The field that identifies the elements of an associative list, if every element is an object carrying it.
    private static func associativeKey(of elements: [JSONValue]) -> String? {
        guard !elements.isEmpty else { return nil }
        return ["uid", "name", "mountPath"].first { key in elements.allSatisfy { $0[key] != nil } }
    }

    /// `{}` and `[]`: values that an API server may drop entirely when it stores an object.
    var isEmptyContainer: Bool {
        switch self {
        case .object(let o): return o.isEmpty
        case .array(let a): return a.isEmpty
        default: return false
        }
    }
}

// MARK: - Codable

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let b = try? container.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? container.decode(Int64.self) {
            self = .int(i)
        } else if let d = try? container.decode(Double.self) {
            self = .double(d)
        } else if let s = try? container.decode(String.self) {
            self = .string(s)
        } else if let a = try? container.decode([JSONValue].self) {
            self = .array(a)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .int(let i): try container.encode(i)
        case .double(let d): try container.encode(d)
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a)
        case .object(let o): try container.encode(o)
        }
    }
}

// MARK: - Literals

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    public init(nilLiteral: ()) { self = .null }
}
