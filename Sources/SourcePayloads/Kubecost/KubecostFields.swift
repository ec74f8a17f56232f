import Focus

/// One response item's members by key (the last one when a key repeats), read as the mappings need them: costs as
/// exact decimals, names as strings. Both products write `null` for a NaN or infinite float; it reads as zero.
struct KubecostFields {
    let path: JSONPath
    private let members: [String: JSONNode]

    init(_ object: JSONObject, at path: JSONPath) {
        self.path = path
        members = Dictionary(object.members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    subscript(key: String) -> JSONNode? { members[key] }

    /// A non-empty string member.
    func string(_ key: String) -> String? {
        guard case .string(let text)? = members[key], !text.isEmpty else { return nil }
        return text
    }

    /// A number member (a numeric string too) as an exact decimal; zero when absent or null. Anything else is
    /// reported and read as zero, so one bad value never drops a row's other costs.
    func decimal(_ key: String, log: inout ProblemLog) -> FocusDecimal {
        switch members[key] {
        case nil, .null?:
            return .zero
        case .number(let text)?, .string(let text)?:
            if let value = FocusDecimal(text) { return value }
            log.add(path.appending(key), "value read as 0: \"\(text.prefix(40))\" is not a number")
            return .zero
        case let node?:
            log.add(path.appending(key), "value read as 0: expected a number, found \(node.kindName)")
            return .zero
        }
    }

    /// A number member as a `Double` (quantities), `nil` when absent, null or not a number.
    func double(_ key: String) -> Double? {
        switch members[key] {
        case .number(let text)?, .string(let text)?: Double(text)
        default: nil
        }
    }

    /// The item's charge period: `window.start`/`window.end`, else `start`/`end`.
    func window() -> (start: FocusTimestamp, end: FocusTimestamp)? {
        let window = members["window"]
        func time(_ key: String) -> FocusTimestamp? {
            if case .string(let text)? = window?[key], let time = FocusTimestamp(text) { return time }
            if case .string(let text)? = members[key], let time = FocusTimestamp(text) { return time }
            return nil
        }
        guard let start = time("start"), let end = time("end"), start < end else { return nil }
        return (start, end)
    }

    /// The string members of the object member `key` (labels, annotations), in source order.
    func stringPairs(_ key: String) -> [(String, String)] {
        guard case .object(let object)? = members[key] else { return [] }
        return object.members.compactMap { member in member.value.stringValue.map { (member.key, $0) } }
    }
}

extension FocusDecimal {
    /// `self + other`, or `self` unchanged (with the overflow reported) when the sum has more than 38 digits.
    func plus(_ other: FocusDecimal, at path: JSONPath, log: inout ProblemLog) -> FocusDecimal {
        if let sum = adding(other) { return sum }
        log.add(path, "a sum exceeds 38 digits; the value is left out of it")
        return self
    }
}
