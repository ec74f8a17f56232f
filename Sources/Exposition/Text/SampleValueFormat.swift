/// Sample values and timestamps as Prometheus' own Go client writes them, so that bodies compare byte for byte.
///
/// Values follow client_golang's `writeFloat`: `0`, `1` and `-1` directly (negative zero is `0`), `NaN`, `+Inf`,
/// `-Inf`, otherwise Go's `strconv.FormatFloat(v, 'g', -1, 64)`: the shortest digits that read back to the same
/// double, in exponent form when the decimal exponent is below −4 or at least 6 (`1e+06`, `1.234567e+06`, `1e-05`,
/// at least two exponent digits) and in plain form otherwise (`3`, `0.0001`, `123456`, `1234.5678`).
///
/// Finding the shortest digits: amounts with few decimals (the common case: `6276.6343`) are found directly,
/// by trying 0, 1, 2, … decimals until `m / 10^k` reads back to the value. While `m < 2^50` the scaled product is
/// within 0.2 of the true one, so the first `k` that works is the shortest representation, and it is unique.
/// Everything else takes Swift's `description`, which is shortest round-trip too (Go and Swift both choose the
/// closest of the shortest); only its layout differs from Go's. Tests compare both paths.
enum SampleValueFormat {
    /// The longest text ``write(_:to:)`` writes (`-1.7976931348623157e+308` is 24 bytes).
    static let maximumCount = 32

    /// Writes `value` at `output`, which has room for ``maximumCount`` bytes; returns the bytes written.
    static func write(_ value: Double, to output: UnsafeMutablePointer<UInt8>) -> Int {
        if value == 0 { return copy("0", to: output) }
        if value.isNaN { return copy("NaN", to: output) }
        if value.isInfinite { return copy(value > 0 ? "+Inf" : "-Inf", to: output) }
        if let written = writeFewDecimals(value, to: output) { return written }
        return writeFromDescription(value, to: output)
    }

    /// The fast path for values with at most 8 decimals and fewer than 2^50 units of the last one.
    @inline(__always)
    static func writeFewDecimals(_ value: Double, to output: UnsafeMutablePointer<UInt8>) -> Int? {
        let magnitude = value.magnitude
        var scale = 1.0
        for decimals in 0...8 {
            let scaled = magnitude * scale
            guard scaled < 1_125_899_906_842_624 else { return nil }  // 2^50
            // Rounds to nearest by truncating scaled + 0.5 (exact here, and no libm call).
            let units = UInt64(scaled + 0.5)
            if units >= 1 && Double(units) / scale == magnitude {
                return writeDecimal(units, decimals: decimals, negative: value < 0, to: output)
            }
            scale *= 10
        }
        return nil
    }

    /// The general path: digits and exponent from Swift's shortest round-trip `description`.
    static func writeFromDescription(_ value: Double, to output: UnsafeMutablePointer<UInt8>) -> Int {
        var text = value.description
        return text.withUTF8 { text in
            var digits = Digits()
            var point = 0
            var seenPoint = false
            var exponent = 0
            var index = 0
            while index < text.count {
                let byte = text[index]
                index += 1
                switch byte {
                case UInt8(ascii: "."): seenPoint = true
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    if digits.count == 0 && byte == UInt8(ascii: "0") {
                        if seenPoint { point -= 1 }  // a leading zero after the point: 0.00123
                        continue
                    }
                    digits.append(byte)
                    if !seenPoint { point += 1 }
                case UInt8(ascii: "e"), UInt8(ascii: "E"):
                    var sign = 1
                    while index < text.count {
                        let e = text[index]
                        index += 1
                        if e == UInt8(ascii: "-") {
                            sign = -1
                        } else if e >= UInt8(ascii: "0") && e <= UInt8(ascii: "9") {
                            exponent = exponent * 10 + Int(e - UInt8(ascii: "0"))
                        }
                    }
                    exponent *= sign
                default: break
                }
            }
            return layOut(digits, point: point + exponent, negative: value < 0, to: output)
        }
    }

    /// `units / 10^decimals` laid out in Go style; plain layouts are written directly, exponent ones go through
    /// ``layOut(_:point:negative:to:)``.
    private static func writeDecimal(
        _ units: UInt64, decimals: Int, negative: Bool, to output: UnsafeMutablePointer<UInt8>
    )
        -> Int
    {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &scratch) { bytes in
            var rest = units
            var position = bytes.count
            repeat {
                position -= 1
                bytes[position] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                rest /= 10
            } while rest > 0
            let digitCount = bytes.count - position
            let point = digitCount - decimals
            guard point > -4 && point <= 6 else {
                var digits = Digits()
                for index in position..<bytes.count { digits.append(bytes[index]) }
                return layOut(digits, point: point, negative: negative, to: output)
            }
            var written = 0
            if negative {
                output[0] = UInt8(ascii: "-")
                written = 1
            }
            if point <= 0 {
                output[written] = UInt8(ascii: "0")
                output[written + 1] = UInt8(ascii: ".")
                written += 2
                for _ in 0..<(-point) {
                    output[written] = UInt8(ascii: "0")
                    written += 1
                }
            }
            for index in 0..<digitCount {
                if index == point && point > 0 {
                    output[written] = UInt8(ascii: ".")
                    written += 1
                }
                output[written] = bytes[position + index]
                written += 1
            }
            return written
        }
    }

    /// Up to 24 significant digits (a double needs 17).
    private struct Digits {
        var storage: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var count = 0

        mutating func append(_ digit: UInt8) {
            guard count < 24 else { return }
            withUnsafeMutableBytes(of: &storage) { $0[count] = digit }
            count += 1
        }

        subscript(index: Int) -> UInt8 {
            withUnsafeBytes(of: storage) { $0[index] }
        }
    }

    /// Go's 'g' layout of 0.d₁d₂…dₙ × 10^point (trailing zeros of the digits are dropped first).
    private static func layOut(_ digits: Digits, point: Int, negative: Bool, to output: UnsafeMutablePointer<UInt8>)
        -> Int
    {
        var digitCount = digits.count
        while digitCount > 1 && digits[digitCount - 1] == UInt8(ascii: "0") { digitCount -= 1 }
        var written = 0
        @inline(__always) func put(_ byte: UInt8) {
            output[written] = byte
            written += 1
        }
        if negative { put(UInt8(ascii: "-")) }
        let decimalExponent = point - 1
        if decimalExponent < -4 || decimalExponent >= 6 {
            put(digits[0])
            if digitCount > 1 {
                put(UInt8(ascii: "."))
                for i in 1..<digitCount { put(digits[i]) }
            }
            put(UInt8(ascii: "e"))
            put(decimalExponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = decimalExponent.magnitude
            if magnitude < 10 { put(UInt8(ascii: "0")) }
            written += writeInteger(Int64(magnitude), to: output + written)
        } else if point <= 0 {
            put(UInt8(ascii: "0"))
            put(UInt8(ascii: "."))
            for _ in 0..<(-point) { put(UInt8(ascii: "0")) }
            for i in 0..<digitCount { put(digits[i]) }
        } else {
            for i in 0..<max(digitCount, point) {
                if i == point { put(UInt8(ascii: ".")) }
                put(i < digitCount ? digits[i] : UInt8(ascii: "0"))
            }
        }
        return written
    }

    /// Writes a decimal integer; returns the bytes written (at most 20).
    @inline(__always)
    static func writeInteger(_ value: Int64, to output: UnsafeMutablePointer<UInt8>) -> Int {
        var magnitude = value.magnitude
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, filled from the end
        return withUnsafeMutableBytes(of: &scratch) { bytes in
            var position = bytes.count
            repeat {
                position -= 1
                bytes[position] = UInt8(truncatingIfNeeded: magnitude % 10) &+ UInt8(ascii: "0")
                magnitude /= 10
            } while magnitude > 0
            var written = 0
            if value < 0 {
                output[0] = UInt8(ascii: "-")
                written = 1
            }
            for index in position..<bytes.count {
                output[written] = bytes[index]
                written += 1
            }
            return written
        }
    }

    private static func copy(_ text: StaticString, to output: UnsafeMutablePointer<UInt8>) -> Int {
        let count = text.utf8CodeUnitCount
        output.update(from: text.utf8Start, count: count)
        return count
    }
}
