/// Maps column names (FOCUS columns, tags, arbitrary source fields) to label names, and finds the columns that
/// would share one label.
///
/// Two columns that sanitize to the same label (`Tags.env` and `Tags-env`) cannot both be exposed as they are:
/// the caller either refuses the configuration (``collisions`` is not empty) or uses ``suffixedLabelNames``, which
/// keeps the first column's label and gives later ones `_2`, `_3`, … .
public struct LabelNameMapping: Sendable, Hashable {
    /// The columns, in the order given.
    public let columns: [String]
    /// One sanitized label name per column (``LabelName/sanitize(_:style:)``); may contain repeats.
    public let labelNames: [String]
    /// Every label name that more than one column maps to, in order of first appearance.
    public let collisions: [LabelNameCollision]

    /// Maps `columns` with the given style.
    public init(columns: [String], style: LabelName.Style = .preserve) {
        self.columns = columns
        let names = columns.map { LabelName.sanitize($0, style: style) }
        self.labelNames = names
        var positions: [String: [Int]] = [:]
        var order: [String] = []
        for (index, name) in names.enumerated() {
            if positions[name] == nil { order.append(name) }
            positions[name, default: []].append(index)
        }
        self.collisions = order.compactMap { name in
            guard let indices = positions[name], indices.count > 1 else { return nil }
            return LabelNameCollision(labelName: name, columns: indices.map { columns[$0] })
        }
    }

    /// Label names without repeats: the first column keeps its name, each later column that collides gets the
    /// smallest suffix `_2`, `_3`, … (just the digits after a trailing `_`) that no other label uses. Deterministic for a given column order.
    public var suffixedLabelNames: [String] {
        var used = Set(labelNames)
        var seen: Set<String> = []
        var result: [String] = []
        result.reserveCapacity(labelNames.count)
        for name in labelNames {
            if seen.insert(name).inserted {
                result.append(name)
                continue
            }
            // `_` + `_2` would make `__2`, a name Prometheus reserves: a name ending in `_` takes the digits directly
            // (fuzz regression crash-8ce790cc).
            let base = name.hasSuffix("_") ? name : name + "_"
            var suffix = 2
            while used.contains("\(base)\(suffix)") { suffix += 1 }
            let unique = "\(base)\(suffix)"
            used.insert(unique)
            seen.insert(unique)
            result.append(unique)
        }
        return result
    }
}

/// Several columns that map to one label name.
public struct LabelNameCollision: Sendable, Hashable, CustomStringConvertible {
    /// The shared label name.
    public let labelName: String
    /// The colliding columns, in configuration order.
    public let columns: [String]

    /// A sentence naming the columns and the label they share.
    public var description: String {
        "columns \(columns.map { "\"\($0)\"" }.joined(separator: ", ")) all map to label \"\(labelName)\""
    }
}
