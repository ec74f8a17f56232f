/// Go's duration syntax (`time.ParseDuration` / `metav1.Duration`), which Krateo's `pollingInterval` fields use:
/// a sequence of decimal numbers with unit suffixes, e.g. `1h`, `30m`, `1h30m`, `90s`, `1.5h`, `500ms`.
///
/// Units: `ns`, `us` (also `µs`, `μs`), `ms`, `s`, `m`, `h`. A leading `+` or `-` is allowed, `0` needs no unit.
/// There are no days: `1d` is rejected, as Go rejects it. Values are exact to the nanosecond; fractions beyond
/// that are truncated and anything past ±292 years is an overflow, both as in Go.
public enum GoDuration {
    /// Parses `text`, or returns `nil` when it is not a Go duration.
    public static func parse(_ text: String) -> Duration? {
        parseNanoseconds(text).map { Duration.nanoseconds($0) }
    }

    /// Parses `text` into nanoseconds, or returns `nil` when it is not a Go duration or overflows `Int64`.
    public static func parseNanoseconds(_ text: String) -> Int64? {
        var bytes = Substring(text).utf8[...]
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        if bytes.elementsEqual("0".utf8) { return 0 }
        guard !bytes.isEmpty else { return nil }

        // Summed as a magnitude up to 2^63 so that the most negative duration is representable, as in Go.
        let limit: UInt64 = 1 << 63
        var total: UInt64 = 0
        while !bytes.isEmpty {
            guard let first = bytes.first, first == UInt8(ascii: ".") || first.isASCIIDigit else { return nil }
            let integerDigits = bytes.prefix(while: \.isASCIIDigit)
            guard let whole = leadingInteger(integerDigits) else { return nil }
            bytes = bytes.dropFirst(integerDigits.count)
            var fraction: UInt64 = 0
            var scale: Double = 1
            var hasFraction = false
            if bytes.first == UInt8(ascii: ".") {
                bytes = bytes.dropFirst()
                let fractionDigits = bytes.prefix(while: \.isASCIIDigit)
                (fraction, scale) = leadingFraction(fractionDigits)
                hasFraction = !fractionDigits.isEmpty
                bytes = bytes.dropFirst(fractionDigits.count)
            }
            // "." alone, or ".s", is not a number.
            guard !integerDigits.isEmpty || hasFraction else { return nil }
            let unitBytes = bytes.prefix(while: { $0 != UInt8(ascii: ".") && !$0.isASCIIDigit })
            guard let unit = unitNanoseconds[String(decoding: unitBytes, as: UTF8.self)] else { return nil }
            bytes = bytes.dropFirst(unitBytes.count)

            guard whole <= limit / unit else { return nil }
            var value = whole * unit
            if fraction > 0 {
                value += UInt64(Double(fraction) * (Double(unit) / scale))
                guard value <= limit else { return nil }
            }
            total += value
            guard total <= limit else { return nil }
        }
        if negative { return total == limit ? Int64.min : -Int64(total) }
        return total < limit ? Int64(total) : nil
    }

    /// Formats `duration` as Go's `Duration.String()` does: `1h30m0s`, `1m30s`, `1.5s`, `500ms`, `0s`.
    public static func format(_ duration: Duration) -> String {
        let nanoseconds = duration.totalNanoseconds
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        var text: String
        if magnitude == 0 {
            return "0s"
        } else if magnitude < 1_000 {
            text = "\(magnitude)ns"
        } else if magnitude < 1_000_000 {
            text = decimal(magnitude, fractionDigits: 3) + "µs"
        } else if magnitude < 1_000_000_000 {
            text = decimal(magnitude, fractionDigits: 6) + "ms"
        } else {
            let totalSeconds = magnitude / 1_000_000_000
            let seconds = decimal(magnitude % 60_000_000_000, fractionDigits: 9) + "s"
            let minutes = totalSeconds / 60 % 60
            let hours = totalSeconds / 3600
            text = hours > 0 ? "\(hours)h\(minutes)m\(seconds)" : minutes > 0 ? "\(minutes)m\(seconds)" : seconds
        }
        return negative ? "-" + text : text
    }

    // MARK: - Pieces

    private static let unitNanoseconds: [String: UInt64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
        "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// The value of a run of digits, or `nil` past 2^63 (Go's "invalid duration" overflow).
    private static func leadingInteger(_ digits: Substring.UTF8View.SubSequence) -> UInt64? {
        var value: UInt64 = 0
        for digit in digits {
            guard value <= (1 << 63) / 10 else { return nil }
            value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
            guard value <= 1 << 63 else { return nil }
        }
        return value
    }

    /// The digits after a decimal point as an integer and its power-of-ten scale; digits that would overflow are
    /// dropped (they are below nanosecond precision anyway).
    private static func leadingFraction(_ digits: Substring.UTF8View.SubSequence) -> (UInt64, Double) {
        var value: UInt64 = 0
        var scale: Double = 1
        var overflowed = false
        for digit in digits where !overflowed {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            if o1 || o2 || next > 1 << 63 {
                overflowed = true
            } else {
                value = next
                scale *= 10
            }
        }
        return (value, scale)
    }

    /// `value / 10^fractionDigits` with trailing zeros (and a bare point) removed: `1500, 3` → `1.5`.
    private static func decimal(_ value: UInt64, fractionDigits: Int) -> String {
        var divisor: UInt64 = 1
        for _ in 0..<fractionDigits { divisor *= 10 }
        let whole = value / divisor
        var fraction = String(value % divisor)
        guard fraction != "0" else { return "\(whole)" }
        fraction = String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(whole).\(fraction)"
    }
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}

extension Duration {
    /// The duration in whole nanoseconds (sub-nanosecond parts truncated; saturates outside ±292 years).
    public var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if overflow2 { return seconds < 0 ? .min : .max }
        return sum
    }
}
