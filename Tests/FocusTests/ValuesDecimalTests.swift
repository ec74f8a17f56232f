import Focus
import Testing

@Suite struct ValuesDecimalTests {
    @Test(arguments: [
        ("-12.3400", "-12.3400", 4),
        ("+1", "1", 0),
        (".5", "0.5", 1),
        ("5.", "5", 0),
        ("0.00", "0.00", 2),
        ("-0", "0", 0),
        ("007.10", "7.10", 2),
        ("1.5E-7", "0.00000015", 8),
        ("2e3", "2000", 0),
        ("2.50e1", "25.0", 1),
        ("-1.25E+2", "-125", 0),
        ("12345678901234567890123456789012345678", "12345678901234567890123456789012345678", 0),
        ("0.00000000000000000000000000000000000001", "0.00000000000000000000000000000000000001", 38),
        ("10e-39", "0.00000000000000000000000000000000000001", 38),
    ])
    func parsesPlainAndScientificNotationPreservingScale(text: String, canonical: String, scale: Int) throws {
        let value = try #require(FocusDecimal(text))
        #expect(value.description == canonical)
        #expect(value.scale == scale)
    }

    @Test(arguments: [
        "", " 1", "1 ", "1,5", "1.2.3", "NaN", "nan", "inf", "-inf", "Infinity", "-", "+", ".", "e5", "1e", "1e+",
        "0x10", "1_000", "١٢", "123456789012345678901234567890123456789", "1e38", "1e-39", "1e999999999999",
    ])
    func rejectsWhatIsNotADecimalOrDoesNotFit(text: String) {
        #expect(FocusDecimal(text) == nil)
    }

    @Test func parsesFromBytesInPlace() {
        let bytes = Array("BilledCost=-0.25".utf8)
        let value = bytes.withUnsafeBufferPointer { FocusDecimal.parse(UnsafeBufferPointer(rebasing: $0[11...])) }
        #expect(value?.description == "-0.25")
    }

    @Test func additionAlignsScalesAndIsExact() throws {
        let a = try #require(FocusDecimal("0.1"))
        let b = try #require(FocusDecimal("0.20"))
        #expect(a.adding(b)?.description == "0.30")
        #expect(try (a + b).description == "0.30")
        let many = (0..<1000).reduce(FocusDecimal.zero) { sum, _ in sum.adding(a) ?? sum }
        #expect(many.description == "100.0")
    }

    @Test func additionReportsOverflowInsteadOfTrapping() throws {
        let largest = try #require(FocusDecimal(String(repeating: "9", count: 38)))
        #expect(largest.adding(FocusDecimal(1)) == nil)
        #expect(throws: FocusDecimalError.overflow) { try largest + FocusDecimal(1) }
        // Aligning 1 to scale 38 needs 39 digits.
        let tiny = try #require(FocusDecimal("0." + String(repeating: "0", count: 37) + "1"))
        #expect(tiny.adding(FocusDecimal(1)) == nil)
    }

    @Test func equalityAndHashingCompareValuesNotScales() throws {
        let a = try #require(FocusDecimal("1.5"))
        let b = try #require(FocusDecimal("1.500"))
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(a.description != b.description)
    }

    @Test func orderingMatchesNumericOrderAcrossScales() throws {
        let sorted = ["-1.5", "-1.49", "-0.001", "0", "0.0001", "0.5", "1", "1.0000001", "99999999999999999999.5"]
        let values = try sorted.map { try #require(FocusDecimal($0)) }
        var random = SeededRandom(seed: 1)
        let shuffled = values.shuffled(using: &random)
        #expect(shuffled.sorted() == values)
        #expect(
            try #require(FocusDecimal(String(repeating: "9", count: 38)))
                > #require(FocusDecimal("0." + String(repeating: "9", count: 38))))
    }

    @Test func doubleValueIsTheNearestDouble() throws {
        #expect(try #require(FocusDecimal("1.5E-7")).doubleValue == 1.5e-7)
        #expect(try #require(FocusDecimal("-12.3400")).doubleValue == -12.34)
        #expect(try #require(FocusDecimal("0.1")).doubleValue == 0.1)
    }

    @Test func significandAndScaleInitialiserRejectsOutOfRange() {
        #expect(FocusDecimal(significand: 5, scale: 39) == nil)
        #expect(FocusDecimal(significand: 5, scale: -1) == nil)
        #expect(FocusDecimal(significand: Int128.max, scale: 0) == nil)
        #expect(FocusDecimal(significand: -125, scale: 2)?.description == "-1.25")
    }

    /// Property: printing then parsing gives back the same significand and scale, for random values of every size.
    @Test func descriptionRoundTripsExactly() throws {
        var random = SeededRandom(seed: 42)
        for _ in 0..<5000 {
            let digits = Int.random(in: 1...38, using: &random)
            var text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
            let scale = Int.random(in: 0...min(digits, 38), using: &random)
            if scale > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -scale)) }
            if Bool.random(using: &random) { text = "-" + text }
            let value = try #require(FocusDecimal(text), "\(text)")
            let again = try #require(FocusDecimal(value.description))
            #expect(again.significand == value.significand && again.scale == value.scale, "\(text)")
        }
    }

    /// Property: the sum of two random values equals the sum computed digit by digit on their texts.
    @Test func additionMatchesReferenceSum() throws {
        var random = SeededRandom(seed: 7)
        for _ in 0..<2000 {
            let a = Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random)
            let b = Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random)
            let scaleA = Int.random(in: 0...6, using: &random)
            let scaleB = Int.random(in: 0...6, using: &random)
            let x = try #require(FocusDecimal(significand: Int128(a), scale: scaleA))
            let y = try #require(FocusDecimal(significand: Int128(b), scale: scaleB))
            let scale = max(scaleA, scaleB)
            var expected = Int128(a)
            var other = Int128(b)
            for _ in scaleA..<scale { expected *= 10 }
            for _ in scaleB..<scale { other *= 10 }
            #expect(x.adding(y) == FocusDecimal(significand: expected + other, scale: scale))
            #expect(x.adding(y)?.scale == scale)
        }
    }
}
