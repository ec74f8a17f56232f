extension FocusDecimal {
    /// Parses a decimal from UTF-8 bytes without allocating.
    ///
    /// Accepts an optional sign, digits with an optional point (`-12.3400`, `+1`, `.5`, `5.`) and an optional exponent
    /// (`1.5E-7`, `2e3`), as FOCUS's NumericFormat allows. Rejects empty input, surrounding spaces, grouping (`1,5`),
    /// `NaN`, `inf`, more than 38 significant digits and scales beyond 38 that trailing zeros cannot absorb.
    /// A positive exponent multiplies the significand (`2e3` is `2000`, scale 0); a negative one adds to the scale.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> FocusDecimal? {
        let count = bytes.count
        var index = 0
        var negative = false
        if count > 0, bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        var digits = DigitAccumulator()
        var sawDigit = false
        var fractionDigits = 0
        while index < count, let digit = decimalDigit(bytes[index]) {
            guard digits.push(digit) else { return nil }
            sawDigit = true
            index += 1
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < count, let digit = decimalDigit(bytes[index]) {
                guard digits.push(digit) else { return nil }
                sawDigit = true
                fractionDigits += 1
                index += 1
            }
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if index < count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var exponentDigits = 0
            while index < count, let digit = decimalDigit(bytes[index]) {
                // Saturate: any exponent this large is out of range for a non-zero value anyway.
                if exponent < 1_000_000 { exponent = exponent * 10 + digit }
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            if exponentNegative { exponent = -exponent }
        }
        guard index == count else { return nil }
        return make(magnitude: digits.value, negative: negative, scale: fractionDigits - exponent)
    }

    /// The value `±magnitude / 10^scale` fitted into 0…38 digits of scale without changing it, or `nil`.
    private static func make(magnitude: Int128, negative: Bool, scale: Int) -> FocusDecimal? {
        var magnitude = magnitude
        var scale = scale
        if magnitude == 0 {
            // Zero keeps its scale when it can ("0.00"); an absurd scale only loses trailing zeros.
            return FocusDecimal(unchecked: 0, scale: Swift.min(Swift.max(scale, 0), maxScale))
        }
        if scale < 0 {
            guard let grown = rescaled(magnitude, by: -scale) else { return nil }
            magnitude = grown
            scale = 0
        }
        while scale > maxScale, magnitude % 10 == 0 {
            magnitude /= 10
            scale -= 1
        }
        guard scale <= maxScale else { return nil }
        return FocusDecimal(unchecked: negative ? -magnitude : magnitude, scale: scale)
    }
}

/// The value of an ASCII digit, or `nil`.
@inline(__always)
func decimalDigit(_ byte: UInt8) -> Int? {
    let value = byte &- UInt8(ascii: "0")
    return value < 10 ? Int(value) : nil
}

/// Collects up to 38 significant digits: in a `UInt64` while they fit (the common case), then in an `Int128`.
private struct DigitAccumulator {
    private var small: UInt64 = 0
    private var wide: Int128 = 0
    private var significantDigits = 0

    /// Adds one digit; `false` past 38 significant digits. Leading zeros are not significant.
    @inline(__always)
    mutating func push(_ digit: Int) -> Bool {
        if significantDigits == 0 && digit == 0 { return true }
        significantDigits += 1
        if significantDigits <= 19 {
            small = small &* 10 &+ UInt64(digit)
        } else if significantDigits == 20 {
            wide = Int128(small) * 10 + Int128(digit)
        } else {
            guard significantDigits <= FocusDecimal.maxDigits else { return false }
            wide = wide * 10 + Int128(digit)
        }
        return true
    }

    var value: Int128 { significantDigits <= 19 ? Int128(small) : wide }
}
