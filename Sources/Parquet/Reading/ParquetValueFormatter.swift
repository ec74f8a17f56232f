/// Renders values as FOCUS CSV text: decimals as plain digits without exponent and without the scale's trailing
/// zeros (`DECIMAL(38,18)` 1234500000000000000000 → `1234.5`, zero → `0`), timestamps as ISO 8601 UTC
/// (`2026-01-01T00:00:00Z`, a fraction only when non-zero and without trailing zeros), dates as `2026-01-01`,
/// strings, JSON and bytes as they are, floats in plain notation (`0.00001`, `NaN`, `Infinity`).
///
/// Timestamps that are not adjusted to UTC (local date-times) are rendered the same way, with `Z`: FOCUS date-times
/// are UTC, and a zone-less value has no better reading.
public struct ParquetValueFormatter: Sendable {
    public init() {}

    /// The text of `value`.
    public func string(_ value: ParquetValue) -> String {
        var text: [UInt8] = []
        append(value, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the text of `value` to `output` as UTF-8.
    public func append(_ value: ParquetValue, to output: inout [UInt8]) {
        switch value {
        case .boolean(let value): output.append(contentsOf: value ? Self.trueText : Self.falseText)
        case .int32(let value): Self.appendInteger(Int64(value), to: &output)
        case .int64(let value): Self.appendInteger(value, to: &output)
        case .unsignedInteger(let value): DecimalText.appendDigits(of: value, to: &output)
        case .float(let value): Self.appendFloatingPoint(value.description, isFinite: value.isFinite, to: &output)
        case .double(let value): Self.appendFloatingPoint(value.description, isFinite: value.isFinite, to: &output)
        case .string(let text), .json(let text): output.append(contentsOf: text.utf8)
        case .bytes(let bytes): output.append(contentsOf: bytes)
        case .uuid(let bytes): Self.appendUUID(bytes[...], to: &output)
        case .decimal(let decimal):
            DecimalText.append(bigEndian: decimal.unscaledBytes[...], scale: Int(decimal.scale), to: &output)
        case .date(let days): Self.appendDate(Int64(days), to: &output)
        case .time(let value, let unit): Self.appendTime(value, unit: unit, to: &output)
        case .timestamp(let timestamp): Self.appendTimestamp(timestamp.value, unit: timestamp.unit, to: &output)
        }
    }

    static let trueText = Array("true".utf8)
    static let falseText = Array("false".utf8)

    // MARK: - Pieces shared with the column fast path

    static func appendInteger(_ value: Int64, to output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        DecimalText.appendDigits(of: value.magnitude, to: &output)
    }

    /// Swift's shortest round-trip text (`1e-05`, `1.5e+20`, `12.0`) rewritten in plain notation (`0.00001`,
    /// `150000000000000000000`, `12`); `NaN`, `Infinity` and `-Infinity` otherwise.
    static func appendFloatingPoint(_ text: String, isFinite: Bool, to output: inout [UInt8]) {
        guard isFinite else {
            output.append(
                contentsOf: (text == "nan" || text == "-nan" ? "NaN" : text == "inf" ? "Infinity" : "-Infinity").utf8)
            return
        }
        var utf8 = Array(text.utf8)
        var negative = false
        if utf8.first == UInt8(ascii: "-") {
            negative = true
            utf8.removeFirst()
        }
        var exponent = 0
        if let e = utf8.firstIndex(of: UInt8(ascii: "e")) {
            exponent = Int(String(decoding: utf8[(e + 1)...], as: UTF8.self)) ?? 0
            utf8.removeSubrange(e...)
        }
        // Digits and the position of the point within them.
        var point = utf8.firstIndex(of: UInt8(ascii: ".")) ?? utf8.count
        var digits = utf8.filter { $0 != UInt8(ascii: ".") }
        point += exponent
        if point <= 0 {
            digits = Array(repeating: UInt8(ascii: "0"), count: 1 - point) + digits
            point = 1
        } else if point > digits.count {
            digits += Array(repeating: UInt8(ascii: "0"), count: point - digits.count)
        }
        var integer = digits[..<point].drop { $0 == UInt8(ascii: "0") }
        if integer.isEmpty { integer = [UInt8(ascii: "0")][...] }
        var fraction = digits[point...]
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        if negative && !(integer == [UInt8(ascii: "0")][...] && fraction.isEmpty) { output.append(UInt8(ascii: "-")) }
        output.append(contentsOf: integer)
        if !fraction.isEmpty {
            output.append(UInt8(ascii: "."))
            output.append(contentsOf: fraction)
        }
    }

    static func appendUUID(_ bytes: ArraySlice<UInt8>, to output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { output.append(UInt8(ascii: "-")) }
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0x0F)])
        }
    }

    /// `YYYY-MM-DD` (a year beyond 0…9999 keeps its digits and sign).
    static func appendDate(_ days: Int64, to output: inout [UInt8]) {
        let (year, month, day) = civil(fromDays: days)
        if year < 0 { output.append(UInt8(ascii: "-")) }
        appendPadded(year.magnitude, 4, to: &output)
        output.append(UInt8(ascii: "-"))
        appendPadded(UInt64(month), 2, to: &output)
        output.append(UInt8(ascii: "-"))
        appendPadded(UInt64(day), 2, to: &output)
    }

    /// `HH:MM:SS` with a fraction when non-zero.
    static func appendTime(_ value: Int64, unit: ParquetTimeUnit, to output: inout [UInt8]) {
        let (seconds, fraction) = floorDivide(value, unit.perSecond)
        let (_, secondOfDay) = floorDivide(seconds, 86_400)
        appendClock(secondOfDay, fraction: fraction, unit: unit, to: &output)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`.
    static func appendTimestamp(_ value: Int64, unit: ParquetTimeUnit, to output: inout [UInt8]) {
        let (seconds, fraction) = floorDivide(value, unit.perSecond)
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        appendDate(days, to: &output)
        output.append(UInt8(ascii: "T"))
        appendClock(secondOfDay, fraction: fraction, unit: unit, to: &output)
        output.append(UInt8(ascii: "Z"))
    }

    /// An INT96 timestamp (Julian day, nanoseconds of the day) as `appendTimestamp` renders it.
    static func appendInt96Timestamp(julianDay: Int64, nanosecondsOfDay: Int64, to output: inout [UInt8]) {
        let (extraDays, nanos) = floorDivide(nanosecondsOfDay, 86_400 * 1_000_000_000)
        appendDate(julianDay - 2_440_588 + extraDays, to: &output)
        output.append(UInt8(ascii: "T"))
        let (seconds, fraction) = floorDivide(nanos, 1_000_000_000)
        appendClock(seconds, fraction: fraction, unit: .nanos, to: &output)
        output.append(UInt8(ascii: "Z"))
    }

    private static func appendClock(
        _ secondOfDay: Int64, fraction: Int64, unit: ParquetTimeUnit, to output: inout [UInt8]
    ) {
        appendPadded(UInt64(secondOfDay / 3600), 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendPadded(UInt64(secondOfDay / 60 % 60), 2, to: &output)
        output.append(UInt8(ascii: ":"))
        appendPadded(UInt64(secondOfDay % 60), 2, to: &output)
        guard fraction != 0 else { return }
        var digits = unit.fractionDigits
        var value = fraction
        while value % 10 == 0 {
            value /= 10
            digits -= 1
        }
        output.append(UInt8(ascii: "."))
        appendPadded(UInt64(value), digits, to: &output)
    }

    private static func appendPadded(_ value: UInt64, _ width: Int, to output: inout [UInt8]) {
        DecimalText.appendDigits(of: value, minimumDigits: width, to: &output)
    }

    /// Quotient and remainder rounding towards negative infinity (the remainder is never negative).
    static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value / divisor
        let remainder = value % divisor
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// Exact decimal text of an unscaled two's-complement integer and a scale.
enum DecimalText {
    /// The value of big-endian two's-complement `bytes` when it fits in 128 bits.
    static func int128(bigEndian bytes: ArraySlice<UInt8>) -> Int128? {
        guard let first = bytes.first else { return 0 }
        let fill: UInt8 = first & 0x80 != 0 ? 0xFF : 0
        // Leading sign-extension bytes beyond 16 carry no value.
        var start = bytes.startIndex
        while bytes.endIndex - start > 16 {
            guard bytes[start] == fill, bytes[start + 1] & 0x80 == fill & 0x80 else { return nil }
            start += 1
        }
        var value = UInt128(fill == 0 ? 0 : UInt128.max)
        for byte in bytes[start...] { value = value << 8 | UInt128(byte) }
        return Int128(bitPattern: value)
    }

    /// Appends the digits of `value`, zero-padded to `minimumDigits` (at most 20).
    static func appendDigits(of value: UInt64, minimumDigits: Int = 1, to output: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            var index = buffer.count
            var rest = value
            repeat {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest != 0
            while buffer.count - index < minimumDigits && index > 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "0")
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index...]))
        }
    }

    /// Appends `unscaled / 10^scale` in plain notation.
    static func append(_ unscaled: Int128, scale: Int, to output: inout [UInt8]) {
        // 39 digits at most, written from the end: 19 at a time while the rest needs more than 64 bits.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var index = buffer.count
            var magnitude = unscaled.magnitude
            func put(_ chunk: UInt64, width: Int?) {
                var rest = chunk
                var written = 0
                repeat {
                    index -= 1
                    buffer[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                    rest /= 10
                    written += 1
                } while rest != 0 || written < (width ?? 1)
            }
            while magnitude > UInt128(UInt64.max) {
                let (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: 10_000_000_000_000_000_000)
                put(UInt64(remainder), width: 19)
                magnitude = quotient
            }
            put(UInt64(magnitude), width: nil)
            appendDigits(
                UnsafeBufferPointer(rebasing: buffer[index...]), negative: unscaled < 0, scale: scale, to: &output)
        }
    }

    /// Appends the value of big-endian two's-complement `bytes` / 10^scale in plain notation, at any width.
    static func append(bigEndian bytes: ArraySlice<UInt8>, scale: Int, to output: inout [UInt8]) {
        if let value = int128(bigEndian: bytes) { return append(value, scale: scale, to: &output) }
        // Wider than 128 bits: the magnitude in 32-bit words, divided by 10^9 repeatedly.
        let negative = (bytes.first ?? 0) & 0x80 != 0
        var magnitude = Array(bytes)
        if negative {
            var carry = true
            for index in magnitude.indices.reversed() {
                magnitude[index] = ~magnitude[index]
                if carry {
                    magnitude[index] &+= 1
                    carry = magnitude[index] == 0
                }
            }
        }
        var words: [UInt32] = []
        var accumulator: UInt32 = 0
        let leading = magnitude.count % 4
        for (index, byte) in magnitude.enumerated() {
            accumulator = accumulator << 8 | UInt32(byte)
            if (index + 1 - leading) % 4 == 0 {
                words.append(accumulator)
                accumulator = 0
            }
        }
        var chunks: [UInt32] = []
        while words.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for index in words.indices {
                let current = remainder << 32 | UInt64(words[index])
                words[index] = UInt32(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            chunks.append(UInt32(remainder))
        }
        var digits: [UInt8] = []
        for (index, chunk) in chunks.reversed().enumerated() {
            appendDigits(of: UInt64(chunk), minimumDigits: index > 0 ? 9 : 1, to: &digits)
        }
        if digits.isEmpty { digits = [UInt8(ascii: "0")] }
        digits.withUnsafeBufferPointer { appendDigits($0, negative: negative, scale: scale, to: &output) }
    }

    /// `digits` (the magnitude, no leading zeros) with the point `scale` places from the right, trailing fraction
    /// zeros and a lone point dropped.
    private static func appendDigits(
        _ digits: UnsafeBufferPointer<UInt8>, negative: Bool, scale: Int, to output: inout [UInt8]
    ) {
        let zero = UInt8(ascii: "0")
        if digits.count == 1 && digits[0] == zero {
            output.append(zero)
            return
        }
        if negative { output.append(UInt8(ascii: "-")) }
        guard scale > 0 else {
            output.append(contentsOf: digits)
            return
        }
        // Digits before the point (none when the value is below 1) and the fraction without trailing zeros.
        let point = digits.count - scale
        var fractionEnd = digits.count
        while fractionEnd > max(point, 0) && digits[fractionEnd - 1] == zero { fractionEnd -= 1 }
        if point > 0 {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<point]))
        } else {
            output.append(zero)
        }
        guard fractionEnd > max(point, 0) else { return }
        output.append(UInt8(ascii: "."))
        if point < 0 { output.append(contentsOf: repeatElement(zero, count: -point)) }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[max(point, 0)..<fractionEnd]))
    }
}
