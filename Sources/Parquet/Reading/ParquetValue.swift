/// One non-null value of a column, typed by the column's ``ParquetColumn/valueKind``. Render it as text with
/// ``ParquetValueFormatter``.
public enum ParquetValue: Sendable, Hashable {
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    /// An INT(…, unsigned) value.
    case unsignedInteger(UInt64)
    case float(Float)
    case double(Double)
    /// STRING or ENUM text (invalid UTF-8 is repaired here; the text form keeps the file's bytes).
    case string(String)
    /// JSON text.
    case json(String)
    /// Bytes without a text annotation.
    case bytes([UInt8])
    /// A UUID's 16 bytes.
    case uuid([UInt8])
    case decimal(ParquetDecimal)
    /// Days since 1970-01-01.
    case date(daysSinceEpoch: Int32)
    /// A time of day: `value` units since midnight.
    case time(value: Int64, unit: ParquetTimeUnit)
    case timestamp(ParquetTimestamp)
}

/// A decimal number: `unscaled / 10^scale`, exact.
public struct ParquetDecimal: Sendable, Hashable, CustomStringConvertible {
    /// The unscaled integer as big-endian two's-complement bytes (as FIXED_LEN_BYTE_ARRAY and BYTE_ARRAY decimals
    /// store it; INT32 and INT64 decimals are converted to this form).
    public let unscaledBytes: [UInt8]
    /// Digits after the decimal point.
    public let scale: Int32

    /// `unscaled / 10^scale` from big-endian two's-complement bytes.
    public init(unscaledBytes: [UInt8], scale: Int32) {
        self.unscaledBytes = unscaledBytes
        self.scale = scale
    }

    /// `unscaled / 10^scale`.
    public init(unscaled: Int128, scale: Int32) {
        self.unscaledBytes = withUnsafeBytes(of: unscaled.bigEndian) { Array($0) }
        self.scale = scale
    }

    /// The unscaled value, `nil` when it needs more than 128 bits.
    public var unscaled: Int128? { DecimalText.int128(bigEndian: unscaledBytes[...]) }

    /// Equal when the unscaled values and the scales are (whatever the width of the stored bytes).
    public static func == (lhs: ParquetDecimal, rhs: ParquetDecimal) -> Bool {
        lhs.scale == rhs.scale && lhs.minimalBytes == rhs.minimalBytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(scale)
        hasher.combine(minimalBytes)
    }

    /// ``unscaledBytes`` without redundant leading sign bytes.
    private var minimalBytes: ArraySlice<UInt8> {
        var bytes = unscaledBytes[...]
        while bytes.count > 1, let first = bytes.first,
            (first == 0 && bytes[bytes.startIndex + 1] & 0x80 == 0)
                || (first == 0xFF && bytes[bytes.startIndex + 1] & 0x80 != 0)
        {
            bytes = bytes.dropFirst()
        }
        return bytes
    }

    /// Plain decimal text without exponent, trailing fraction zeros trimmed: `1234.5`, `-0.25`, `0`.
    public var description: String {
        var text: [UInt8] = []
        DecimalText.append(bigEndian: unscaledBytes[...], scale: Int(scale), to: &text)
        return String(decoding: text, as: UTF8.self)
    }
}

/// An instant: `value` units since 1970-01-01T00:00:00 (UTC when ``isAdjustedToUTC``, else a local date-time that
/// carries no zone).
public struct ParquetTimestamp: Sendable, Hashable {
    public let value: Int64
    public let unit: ParquetTimeUnit
    public let isAdjustedToUTC: Bool

    public init(value: Int64, unit: ParquetTimeUnit, isAdjustedToUTC: Bool = true) {
        self.value = value
        self.unit = unit
        self.isAdjustedToUTC = isAdjustedToUTC
    }

    /// Whole microseconds since the epoch, rounded towards the past (nanoseconds are cut).
    public var microsecondsSinceEpoch: Int64 {
        switch unit {
        case .millis:
            let (result, overflow) = value.multipliedReportingOverflow(by: 1000)
            return overflow ? (value < 0 ? .min : .max) : result
        case .micros: return value
        case .nanos: return ParquetValueFormatter.floorDivide(value, 1000).0
        }
    }
}
