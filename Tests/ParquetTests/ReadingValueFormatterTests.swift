import Parquet
import Testing

/// The FOCUS CSV text of values: decimals without exponent or trailing zeros, ISO 8601 UTC timestamps with a
/// fraction only when non-zero, plain-notation floats.
@Suite struct ReadingValueFormatterTests {
    let formatter = ParquetValueFormatter()

    @Test(arguments: [
        (Int128(1_234_500_000_000_000_000_000), Int32(18), "1234.5"),
        (0, 18, "0"),
        (0, 0, "0"),
        (-1, 18, "-0.000000000000000001"),
        (-250_000_000_000_000_000, 18, "-0.25"),
        (100, 2, "1"),
        (1000, 0, "1000"),
        (-12340, 3, "-12.34"),
        (5, 1, "0.5"),
        (Int128.max, 0, "170141183460469231731687303715884105727"),
        (Int128.min, 38, "-1.70141183460469231731687303715884105728"),
    ])
    func decimals(_ unscaled: Int128, _ scale: Int32, _ text: String) {
        #expect(formatter.string(.decimal(ParquetDecimal(unscaled: unscaled, scale: scale))) == text)
    }

    @Test func decimalsWiderThan128Bits() {
        // 2^128 (17 bytes) and −2^136 − 1 (18 bytes), as a BYTE_ARRAY decimal may hold them.
        let big = [UInt8(1)] + Array(repeating: 0, count: 16)
        #expect(
            formatter.string(.decimal(ParquetDecimal(unscaledBytes: big, scale: 0)))
                == "340282366920938463463374607431768211456")
        #expect(
            formatter.string(.decimal(ParquetDecimal(unscaledBytes: big, scale: 40)))
                == "0.0340282366920938463463374607431768211456")
        let negative = [UInt8(0xFE)] + Array(repeating: 0xFF, count: 17)
        #expect(
            formatter.string(.decimal(ParquetDecimal(unscaledBytes: negative, scale: 3)))
                == "-87112285931760246646623899502532662132.737")
        #expect(ParquetDecimal(unscaledBytes: big, scale: 0).unscaled == nil)
        // Redundant sign bytes are no obstacle to 128 bits.
        let padded = Array(repeating: UInt8(0xFF), count: 20)
        #expect(ParquetDecimal(unscaledBytes: padded, scale: 0).unscaled == -1)
        #expect(ParquetDecimal(unscaledBytes: padded, scale: 2) == ParquetDecimal(unscaled: -1, scale: 2))
    }

    @Test(arguments: [
        (Int64(1_767_225_600_000_000), ParquetTimeUnit.micros, "2026-01-01T00:00:00Z"),
        (1_767_225_600_500_000, .micros, "2026-01-01T00:00:00.5Z"),
        (1_767_225_600_123, .millis, "2026-01-01T00:00:00.123Z"),
        (1_767_225_600_000_000_001, .nanos, "2026-01-01T00:00:00.000000001Z"),
        (0, .micros, "1970-01-01T00:00:00Z"),
        (-1, .micros, "1969-12-31T23:59:59.999999Z"),
        (951_782_400_000, .millis, "2000-02-29T00:00:00Z"),
        (253_402_300_799_999, .millis, "9999-12-31T23:59:59.999Z"),
        (-62_135_596_800_000_000, .micros, "0001-01-01T00:00:00Z"),
    ])
    func timestamps(_ value: Int64, _ unit: ParquetTimeUnit, _ text: String) {
        #expect(formatter.string(.timestamp(ParquetTimestamp(value: value, unit: unit))) == text)
    }

    @Test func datesAndTimes() {
        #expect(formatter.string(.date(daysSinceEpoch: 20454)) == "2026-01-01")
        #expect(formatter.string(.date(daysSinceEpoch: -1)) == "1969-12-31")
        #expect(formatter.string(.time(value: 3_723_004, unit: .millis)) == "01:02:03.004")
        #expect(formatter.string(.time(value: 86_399_000_000, unit: .micros)) == "23:59:59")
    }

    @Test(arguments: [
        (1e-7, "0.0000001"), (1.5e20, "150000000000000000000"), (12.0, "12"), (-0.0, "0"), (0.1, "0.1"),
        (-2.5e-5, "-0.000025"), (123456.789, "123456.789"), (Double.nan, "NaN"), (Double.infinity, "Infinity"),
        (-Double.infinity, "-Infinity"),
        (1.7976931348623157e308, "17976931348623157" + String(repeating: "0", count: 292)),
    ])
    func doubles(_ value: Double, _ text: String) {
        #expect(formatter.string(.double(value)) == text)
    }

    @Test func otherKinds() {
        #expect(formatter.string(.float(0.1)) == "0.1")
        #expect(formatter.string(.boolean(true)) == "true" && formatter.string(.boolean(false)) == "false")
        #expect(formatter.string(.int32(-7)) == "-7" && formatter.string(.int64(Int64.min)) == "-9223372036854775808")
        #expect(formatter.string(.unsignedInteger(UInt64.max)) == "18446744073709551615")
        #expect(formatter.string(.string("Amazon EC2")) == "Amazon EC2")
        #expect(formatter.string(.json(#"{"a":1}"#)) == #"{"a":1}"#)
        #expect(formatter.string(.uuid(Array(0..<16))) == "00010203-0405-0607-0809-0a0b0c0d0e0f")
        #expect(formatter.string(.bytes(Array("raw".utf8))) == "raw")
    }

    @Test func timestampsInMicroseconds() {
        #expect(ParquetTimestamp(value: -1, unit: .nanos).microsecondsSinceEpoch == -1)
        #expect(ParquetTimestamp(value: 1_999, unit: .nanos).microsecondsSinceEpoch == 1)
        #expect(ParquetTimestamp(value: 3, unit: .millis).microsecondsSinceEpoch == 3000)
    }
}
