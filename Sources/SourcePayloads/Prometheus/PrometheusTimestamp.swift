import Focus

/// Prometheus sample times (decimal Unix seconds, `1435781451.781`) as RFC 3339 UTC text, converted digit by digit
/// through ``FocusDecimal`` and ``FocusTimestamp``: `2015-07-01T20:10:51.781Z`, not the `…51.780999898Z` a float
/// would give.
enum PrometheusTimestamp {
    /// Microseconds of 0000-01-01T00:00:00Z and of the first instant after 9999-12-31T23:59:59.999999Z.
    static let range: Range<Int128> = -62_167_219_200_000_000..<253_402_300_800_000_000

    /// The RFC 3339 text of `text` seconds since the epoch (digits past microseconds are truncated towards the
    /// past); `nil` when `text` is not a decimal number or lies outside years 0000–9999.
    static func rfc3339(epochSeconds text: String) -> String? {
        guard let seconds = FocusDecimal(text) else { return nil }
        var microseconds = seconds.significand
        if seconds.scale <= 6 {
            for _ in seconds.scale..<6 {
                // Any value this large is outside the range; stop before the multiplication could overflow.
                guard microseconds.magnitude < Int128.max.magnitude / 10 else { return nil }
                microseconds *= 10
            }
        } else {
            var divisor: Int128 = 1
            for _ in 6..<seconds.scale { divisor *= 10 }
            let (quotient, remainder) = microseconds.quotientAndRemainder(dividingBy: divisor)
            microseconds = remainder < 0 ? quotient - 1 : quotient
        }
        guard range.contains(microseconds) else { return nil }
        return FocusTimestamp(microsecondsSinceEpoch: Int64(microseconds)).description
    }
}
