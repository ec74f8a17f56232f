import Foundation
import Testing

@testable import Exposition

@Suite struct SampleValueFormatTests {
    static func formatted(_ value: Double) -> String {
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: SampleValueFormat.maximumCount)
        defer { output.deallocate() }
        let count = SampleValueFormat.write(value, to: output)
        return String(decoding: UnsafeBufferPointer(start: output, count: count), as: UTF8.self)
    }

    static func viaDescription(_ value: Double) -> String {
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: SampleValueFormat.maximumCount)
        defer { output.deallocate() }
        let count = SampleValueFormat.writeFromDescription(value, to: output)
        return String(decoding: UnsafeBufferPointer(start: output, count: count), as: UTF8.self)
    }

    /// What Go's client_golang writes (strconv.FormatFloat(v, 'g', -1, 64) and its special cases).
    @Test(
        arguments: [
            (0, "0"), (-0.0, "0"), (1, "1"), (-1, "-1"), (3, "3"), (100, "100"), (123_456, "123456"),
            (999_999, "999999"),
            (1e6, "1e+06"), (1_234_567, "1.234567e+06"), (1.5e6, "1.5e+06"), (12_345_678.9, "1.23456789e+07"),
            (0.1, "0.1"), (0.0001, "0.0001"), (0.00001, "1e-05"), (0.00012, "0.00012"), (1.5e-7, "1.5e-07"),
            (1234.5678, "1234.5678"), (6276.6343, "6276.6343"), (1.0 / 3, "0.3333333333333333"),
            (2.0 / 3, "0.6666666666666666"), (0.1 + 0.2, "0.30000000000000004"), (-2.5, "-2.5"),
            (123_456.7, "123456.7"), (999_999.5, "999999.5"), (-1e-10, "-1e-10"), (1e21, "1e+21"), (1e100, "1e+100"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (.leastNonzeroMagnitude, "5e-324"),
            (9_007_199_254_740_992, "9.007199254740992e+15"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"),
        ] as [(Double, String)])
    func valuesAreWrittenAsGoWritesThem(value: Double, expected: String) {
        #expect(Self.formatted(value) == expected)
    }

    @Test func fewDecimalsPathAgreesWithShortestRoundTrip() {
        var random = SeededRandom(seed: 11)
        for round in 0..<30_000 {
            let value: Double
            switch round % 4 {
            case 0: value = Double(Int64(bitPattern: random.next()) % 100_000_000) / 10_000
            case 1: value = Double(Int64(bitPattern: random.next()) % 1_000_000_000_000) / 1_000_000
            case 2: value = Double(random.next() % 10_000) * pow(10, Double(Int(random.next() % 30) - 15))
            default: value = Double(bitPattern: random.next())
            }
            guard value.isFinite, value != 0 else { continue }
            let text = Self.formatted(value)
            #expect(text == Self.viaDescription(value), "value \(value)")
            #expect(Double(text) == value, "\(text) does not read back to \(value)")
            if text != Self.viaDescription(value) { return }
        }
    }

    @Test(arguments: [
        (Int64(0), "0"), (1_700_000_000_123, "1700000000123"), (-5, "-5"), (.min, "-9223372036854775808"),
    ])
    func timestampsAreDecimalIntegers(value: Int64, expected: String) {
        let output = UnsafeMutablePointer<UInt8>.allocate(capacity: 24)
        defer { output.deallocate() }
        let count = SampleValueFormat.writeInteger(value, to: output)
        #expect(String(decoding: UnsafeBufferPointer(start: output, count: count), as: UTF8.self) == expected)
    }
}
