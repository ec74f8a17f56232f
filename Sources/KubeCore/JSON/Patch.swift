import Foundation

/// A patch request body, by the content type the API server expects for it.
public enum Patch: Sendable, Hashable {
    /// `application/merge-patch+json` (RFC 7386): objects merge, `null` deletes, arrays replace.
    case merge(JSONValue)
    /// `application/json-patch+json` (RFC 6902).
    case json([JSONPatchOperation])

    public var contentType: String {
        switch self {
        case .merge: return "application/merge-patch+json"
        case .json: return "application/json-patch+json"
        }
    }
}

/// One RFC 6902 operation. `path` and `from` are JSON Pointers (RFC 6901), e.g. `/metadata/finalizers/0`.
public struct JSONPatchOperation: Codable, Sendable, Hashable {
    public enum Op: String, Codable, Sendable { case add, remove, replace, move, copy, test }
    public var op: Op
    public var path: String
    public var value: JSONValue?
    public var from: String?

    public init(op: Op, path: String, value: JSONValue? = nil, from: String? = nil) {
        self.op = op
        self.path = path
        self.value = value
        self.from = from
    }

    public static func test(_ path: String, _ value: JSONValue) -> Self { Self(op: .test, path: path, value: value) }
    public static func add(_ path: String, _ value: JSONValue) -> Self { Self(op: .add, path: path, value: value) }
    public static func replace(_ path: String, _ value: JSONValue) -> Self {
        Self(op: .replace, path: path, value: value)
    }
    public static func remove(_ path: String) -> Self { Self(op: .remove, path: path) }
}

/// Why a patch could not be applied.
public struct PatchError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

// MARK: - Applying patches

extension JSONValue {
    /// RFC 7386 merge patch.
    public func applyingMergePatch(_ patch: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result = objectValue ?? [:]
        for (key, value) in patchMembers {
            if value == .null {
                result.removeValue(forKey: key)
            } else {
                result[key] = (result[key] ?? .null).applyingMergePatch(value)
            }
        }
        return .object(result)
    }

    /// RFC 6902 JSON patch; all or nothing.
    public func applying(_ operations: [JSONPatchOperation]) throws -> JSONValue {
        var document = self
        for operation in operations {
            let path = try JSONPointer(operation.path)
            switch operation.op {
            case .add:
                document = try document.inserting(try required(operation.value), at: path.tokens[...], replace: false)
            case .replace:
                _ = try document.value(at: path.tokens[...])
                document = try document.inserting(try required(operation.value), at: path.tokens[...], replace: true)
            case .remove:
                document = try document.removing(at: path.tokens[...])
            case .test:
                let actual = try document.value(at: path.tokens[...])
                guard actual.isSemanticallyEqual(to: try required(operation.value)) else {
                    throw PatchError("test failed at \(operation.path)")
                }
            case .move, .copy:
                let from = try JSONPointer(operation.from ?? "")
                let value = try document.value(at: from.tokens[...])
                if operation.op == .move { document = try document.removing(at: from.tokens[...]) }
                document = try document.inserting(value, at: path.tokens[...], replace: false)
            }
        }
        return document
    }

    private func required(_ value: JSONValue?) throws -> JSONValue {
        guard let value else { throw PatchError("operation needs a value") }
        return value
    }

    private func value(at tokens: ArraySlice<String>) throws -> JSONValue {
        guard let token = tokens.first else { return self }
        switch self {
        case .object(let members):
            guard let child = members[token] else { throw PatchError("no member \(token)") }
            return try child.value(at: tokens.dropFirst())
        case .array(let items):
            guard let index = Int(token), items.indices.contains(index) else { throw PatchError("no index \(token)") }
            return try items[index].value(at: tokens.dropFirst())
        default:
            throw PatchError("cannot descend into a scalar at \(token)")
        }
    }

    private func inserting(_ value: JSONValue, at tokens: ArraySlice<String>, replace: Bool) throws -> JSONValue {
        guard let token = tokens.first else { return value }
        let rest = tokens.dropFirst()
        switch self {
        case .object(var members):
            if rest.isEmpty {
                members[token] = value
            } else {
                guard let child = members[token] else { throw PatchError("no member \(token)") }
                members[token] = try child.inserting(value, at: rest, replace: replace)
            }
            return .object(members)
        case .array(var items):
            if rest.isEmpty {
                if token == "-" && !replace {
                    items.append(value)
                } else if let index = Int(token), index >= 0, index <= items.count - (replace ? 1 : 0) {
                    if replace { items[index] = value } else { items.insert(value, at: index) }
                } else {
                    throw PatchError("bad index \(token)")
                }
            } else {
                guard let index = Int(token), items.indices.contains(index) else {
                    throw PatchError("no index \(token)")
                }
                items[index] = try items[index].inserting(value, at: rest, replace: replace)
            }
            return .array(items)
        default:
            throw PatchError("cannot descend into a scalar at \(token)")
        }
    }

    private func removing(at tokens: ArraySlice<String>) throws -> JSONValue {
        guard let token = tokens.first else { throw PatchError("cannot remove the whole document") }
        let rest = tokens.dropFirst()
        switch self {
        case .object(var members):
            guard let child = members[token] else { throw PatchError("no member \(token)") }
            members[token] = rest.isEmpty ? nil : try child.removing(at: rest)
            return .object(members)
        case .array(var items):
            guard let index = Int(token), items.indices.contains(index) else { throw PatchError("no index \(token)") }
            if rest.isEmpty { items.remove(at: index) } else { items[index] = try items[index].removing(at: rest) }
            return .array(items)
        default:
            throw PatchError("cannot descend into a scalar at \(token)")
        }
    }
}

/// RFC 6901 JSON Pointer.
public struct JSONPointer: Sendable, Hashable {
    public var tokens: [String]

    public init(_ text: String) throws {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { throw PatchError("JSON pointer must start with /: \(text)") }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// Escapes one reference token (`/` and `~`), e.g. for a label key in a path.
    public static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
