import Foundation

/// Which namespaces the operator watches: all of them, or a fixed set (one watch per namespace).
public enum NamespaceScope: Sendable, Hashable, CustomStringConvertible {
    case all
    case namespaces(Set<String>)

    /// Parses a comma-separated list; empty or `*` means all namespaces.
    public init(parsing text: String?) {
        let names = (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if names.isEmpty || names.contains("*") { self = .all } else { self = .namespaces(Set(names)) }
    }

    /// The namespace argument of each list/watch: `[nil]` for all namespaces, else the names in order.
    public var watchedNamespaces: [String?] {
        switch self {
        case .all: return [nil]
        case .namespaces(let names): return names.sorted()
        }
    }

    public func contains(_ namespace: String?) -> Bool {
        switch self {
        case .all: return true
        case .namespaces(let names): return namespace.map(names.contains) ?? false
        }
    }

    public var description: String {
        switch self {
        case .all: return "all namespaces"
        case .namespaces(let names): return names.sorted().joined(separator: ",")
        }
    }
}
