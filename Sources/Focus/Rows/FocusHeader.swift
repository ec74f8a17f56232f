/// The column names of a stream of FOCUS rows, in source order, with a lookup by name.
///
/// Shared by every ``RowBatch`` of one stream (a class, so copying a batch does not copy the names).
public final class FocusHeader: Sendable, Hashable, CustomStringConvertible {
    public let names: [String]
    private let positions: [String: Int]

    /// `names` in source order. A repeated name keeps its first position (the reader reports the repeat).
    public init(_ names: [String]) {
        self.names = names
        var positions: [String: Int] = [:]
        for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
        self.positions = positions
    }

    public var count: Int { names.count }

    /// The position of the column called `name`, if present.
    public func index(of name: String) -> Int? { positions[name] }

    public func contains(_ name: String) -> Bool { positions[name] != nil }

    public static func == (lhs: FocusHeader, rhs: FocusHeader) -> Bool { lhs === rhs || lhs.names == rhs.names }
    public func hash(into hasher: inout Hasher) { hasher.combine(names) }
    public var description: String { names.joined(separator: ",") }
}
