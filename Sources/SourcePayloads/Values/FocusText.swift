import Focus

/// Column text the API mappings share.
enum FocusText {
    /// A non-negative quantity as plain decimal text with at most nine fraction digits (`1.5`, `0.000000001`).
    static func quantity(_ value: Double) -> String? {
        guard value >= 0 else { return nil }
        return decimal(value, fractionDigits: 9)
    }

    /// `value` as plain decimal text rounded to at most `fractionDigits` (≤ 18) fraction digits, trailing zeros
    /// dropped; fewer digits when the value is too large for that many; `nil` when not finite or beyond ±1e18.
    static func decimal(_ value: Double, fractionDigits: Int) -> String? {
        guard value.isFinite, abs(value) < 1e18 else { return nil }
        var digits = min(max(fractionDigits, 0), 18)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        while digits > 0 && abs(value) * scale >= 9.2e18 {
            digits -= 1
            scale /= 10
        }
        let units = Int64((abs(value) * scale).rounded())
        let divisor = Int64(scale)
        let whole = units / divisor
        let sign = value < 0 && units != 0 ? "-" : ""
        var fraction = digits == 0 ? "0" : String(units % divisor)
        guard fraction != "0" else { return sign + String(whole) }
        fraction = String(repeating: "0", count: digits - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(whole).\(fraction)"
    }

    /// `{"k":"v",…}` of the pairs `keeps` keeps (the first of a repeated key), `nil` when none is.
    static func tags(_ pairs: [(String, String)], keeps: (String) -> Bool = { _ in true }) -> String? {
        var seen = Set<String>()
        var members: [JSONObject.Member] = []
        for (key, value) in pairs where keeps(key) && seen.insert(key).inserted {
            members.append(JSONObject.Member(key: key, value: .string(value)))
        }
        return members.isEmpty ? nil : JSONNode.object(JSONObject(members: members)).compactJSON
    }
}

/// RFC 3339 texts of instants, made once per distinct instant (a set's rows share a few windows).
struct TimestampTexts {
    private var texts: [Int64: String] = [:]

    mutating func text(_ time: FocusTimestamp) -> String {
        if let text = texts[time.microsecondsSinceEpoch] { return text }
        let text = time.description
        texts[time.microsecondsSinceEpoch] = text
        return text
    }
}
