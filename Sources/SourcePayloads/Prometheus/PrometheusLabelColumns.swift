/// Column names for Prometheus label names, as Krateo's exporter chose them, so rows and the metrics made from
/// them keep the labels users already query:
///
/// - `__name__` becomes `metric_name`;
/// - other names lose leading and trailing `_`, every character outside `[A-Za-z0-9_]` becomes `_`, an empty
///   result becomes `label`, and one starting with a digit gets the prefix `label_`;
/// - a name already taken (by an earlier label in sorted order, or by the `value` and `timestamp` columns) gets
///   `_2`, `_3`, … appended.
enum PrometheusLabelColumns {
    /// The column name for each of `labels` (sorted byte by byte), in that order.
    static func columnNames(forSortedLabels labels: [String], reserved: [String]) -> [String] {
        var used: Set<String> = Set(reserved)
        var names: [String] = []
        for label in labels {
            let base = sanitized(label)
            var name = base
            var counter = 1
            while used.contains(name) {
                counter += 1
                name = "\(base)_\(counter)"
            }
            used.insert(name)
            names.append(name)
        }
        return names
    }

    /// Krateo's `sanitizePrometheusLabel`.
    static func sanitized(_ label: String) -> String {
        if label == "__name__" { return "metric_name" }
        let scalars = Array(label.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start] == "_" { start += 1 }
        while end > start, scalars[end - 1] == "_" { end -= 1 }
        var result = String.UnicodeScalarView()
        for scalar in scalars[start..<end] {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_": result.append(scalar)
            default: result.append("_")
            }
        }
        let name = String(result)
        if name.isEmpty { return "label" }
        if let first = name.unicodeScalars.first, ("0"..."9").contains(first) { return "label_" + name }
        return name
    }
}
