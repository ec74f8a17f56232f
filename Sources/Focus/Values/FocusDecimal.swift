/// An exact decimal number as FOCUS carries it in cost and quantity columns: a significand and a scale (digits after
/// the point), never a binary float.
///
/// Cost data is summed over millions of rows and compared with invoices to the cent, so values keep every digit they
/// arrived with: `-12.3400` stays `-12.3400` (``description`` preserves the scale) while comparing equal to `-12.34`.
///
/// Guarantees:
/// - At most 38 significant digits and a scale of 0…38; anything beyond is rejected (`nil`), never rounded, never a
///   trap.
/// - Arithmetic is exact or reports overflow (``adding(_:)`` returns `nil`, `+` throws).
/// - `==`, `hash(into:)` and `<` compare numeric values (`1.5 == 1.50`).
public struct FocusDecimal: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The value is `significand / 10^scale`.
    public let significand: Int128
    /// Digits after the decimal point, 0…38.
    public let scale: Int

    /// The largest number of significant digits a value may have.
    public static var maxDigits: Int { 38 }
    /// The largest scale a value may have.
    public static var maxScale: Int { 38 }

    /// `10^38`: every significand's magnitude is below it.
    static let significandLimit: Int128 = powerOfTen(38)

    /// `significand / 10^scale`; `nil` when the scale is outside 0…38 or the significand has more than 38 digits.
    public init?(significand: Int128, scale: Int) {
        guard scale >= 0, scale <= Self.maxScale, significand > -Self.significandLimit,
            significand < Self.significandLimit
        else { return nil }
        self.significand = significand
        self.scale = scale
    }

    /// An integer value (scale 0).
    public init(_ integer: Int) {
        self.significand = Int128(integer)
        self.scale = 0
    }

    /// Parses plain or scientific notation (see ``parse(_:)``).
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let value = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = value
    }

    /// Zero with scale 0.
    public static let zero = FocusDecimal(0)

    /// Whether the value is zero (at any scale).
    public var isZero: Bool { significand == 0 }
    /// Whether the value is below zero (`-0` is not).
    public var isNegative: Bool { significand < 0 }

    // MARK: - Arithmetic

    /// The exact sum, with the larger of the two scales; `nil` when it does not fit in 38 digits.
    public func adding(_ other: FocusDecimal) -> FocusDecimal? {
        let scale = Swift.max(self.scale, other.scale)
        guard let lhs = Self.rescaled(significand, by: scale - self.scale),
            let rhs = Self.rescaled(other.significand, by: scale - other.scale)
        else { return nil }
        let (sum, overflow) = lhs.addingReportingOverflow(rhs)
        guard !overflow else { return nil }
        return FocusDecimal(significand: sum, scale: scale)
    }

    /// The exact sum; throws ``FocusDecimalError/overflow`` when it does not fit in 38 digits.
    public static func + (lhs: FocusDecimal, rhs: FocusDecimal) throws(FocusDecimalError) -> FocusDecimal {
        guard let sum = lhs.adding(rhs) else { throw .overflow }
        return sum
    }

    /// The value with the opposite sign and the same scale.
    public static prefix func - (value: FocusDecimal) -> FocusDecimal {
        FocusDecimal(unchecked: -value.significand, scale: value.scale)
    }

    /// The nearest `Double`, for exposition formats that only carry floats (Prometheus).
    public var doubleValue: Double {
        Double(significand) / Self.doublePowersOfTen[scale]
    }

    // MARK: - Comparison

    public static func == (lhs: FocusDecimal, rhs: FocusDecimal) -> Bool {
        let (l, r) = (lhs.normalized, rhs.normalized)
        return l.significand == r.significand && l.scale == r.scale
    }

    public func hash(into hasher: inout Hasher) {
        let normal = normalized
        hasher.combine(normal.significand)
        hasher.combine(normal.scale)
    }

    public static func < (lhs: FocusDecimal, rhs: FocusDecimal) -> Bool {
        if lhs.scale == rhs.scale { return lhs.significand < rhs.significand }
        // Compare integer parts first, then the fractions brought to a common scale. Each fraction is below
        // 10^scale ≤ 10^38, so the rescaled fractions cannot overflow where rescaling whole values could.
        let (lq, lr) = lhs.significand.quotientAndRemainder(dividingBy: powerOfTen(lhs.scale))
        let (rq, rr) = rhs.significand.quotientAndRemainder(dividingBy: powerOfTen(rhs.scale))
        if lq != rq { return lq < rq }
        let scale = Swift.max(lhs.scale, rhs.scale)
        return lr * powerOfTen(scale - lhs.scale) < rr * powerOfTen(scale - rhs.scale)
    }

    // MARK: - Text

    /// Plain notation with exactly ``scale`` digits after the point: `-12.3400`, `0.005`, `42`.
    public var description: String {
        var digits = String(significand.magnitude)
        guard scale > 0 else { return significand < 0 ? "-" + digits : digits }
        if digits.count <= scale { digits = String(repeating: "0", count: scale + 1 - digits.count) + digits }
        let point = digits.index(digits.endIndex, offsetBy: -scale)
        let text = digits[..<point] + "." + digits[point...]
        return significand < 0 ? "-" + text : String(text)
    }

    // MARK: - Internals

    init(unchecked significand: Int128, scale: Int) {
        self.significand = significand
        self.scale = scale
    }

    /// The same value with trailing zeros of the fraction removed (the representative used for `==` and hashing).
    var normalized: FocusDecimal {
        var significand = self.significand
        var scale = self.scale
        while scale > 0 && significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        return FocusDecimal(unchecked: significand, scale: scale)
    }

    /// `value * 10^digits` when the result stays below 10^38.
    static func rescaled(_ value: Int128, by digits: Int) -> Int128? {
        guard digits > 0 else { return value }
        guard digits <= maxDigits else { return value == 0 ? 0 : nil }
        let (product, overflow) = value.multipliedReportingOverflow(by: powerOfTen(digits))
        guard !overflow, product > -significandLimit, product < significandLimit else { return nil }
        return product
    }

    /// `10^0 … 10^38` as doubles (each literal is the correctly rounded value).
    static let doublePowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37,
        1e38,
    ]
}

/// Why a ``FocusDecimal`` operation failed.
public enum FocusDecimalError: Error, Sendable, Hashable {
    /// The exact result needs more than 38 digits.
    case overflow
}

/// `10^exponent` for 0…38.
func powerOfTen(_ exponent: Int) -> Int128 {
    powersOfTen128[exponent]
}

private let powersOfTen128: [Int128] = {
    var powers: [Int128] = [1]
    for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
    return powers
}()
