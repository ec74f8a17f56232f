/// Where a value sits in a JSON document, written the JSONPath way: `$.items[3].spec.focusSpec.billedCost`.
///
/// Keys that are not plain identifiers are bracketed and quoted: `$.data["odd key"]`. Error messages and problems
/// carry one so the user can find the offending value in the source's payload.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step down: an object member or an array element.
    public enum Component: Sendable, Hashable {
        /// The member called so.
        case key(String)
        /// The element at this zero-based position.
        case index(Int)
    }

    /// The steps from the document root.
    public var components: [Component]

    /// The document root, `$`.
    public static let root = JSONPath(components: [])

    /// The path made of `components`, from the root.
    public init(components: [Component]) {
        self.components = components
    }

    /// This path followed by the object member `key`.
    public func appending(_ key: String) -> JSONPath {
        JSONPath(components: components + [.key(key)])
    }

    /// This path followed by the array element at `index`.
    public func appending(index: Int) -> JSONPath {
        JSONPath(components: components + [.index(index)])
    }

    /// `$` followed by `.key`, `["key"]` or `[index]` per step.
    public var description: String {
        var text = "$"
        for component in components {
            switch component {
            case .index(let index): text += "[\(index)]"
            case .key(let key) where Self.isIdentifier(key): text += "." + key
            case .key(let key): text += "[" + JSONNode.quoted(key) + "]"
            }
        }
        return text
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return key.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }
}
