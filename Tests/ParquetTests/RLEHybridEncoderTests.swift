import Parquet
import Testing

/// The hybrid encoding, against pyarrow's bytes and against a reference decoder written from the spec.
@Suite struct RLEHybridEncoderTests {
    /// Decodes `count` values of the hybrid encoding (the reader's side of Encodings.md).
    static func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) -> [UInt64] {
        var values: [UInt64] = []
        var position = 0
        func varint() -> UInt64 {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = bytes[position]
                position += 1
                result |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
        }
        while values.count < count {
            let header = varint()
            if header & 1 == 0 {
                var value: UInt64 = 0
                for index in 0..<((bitWidth + 7) / 8) {
                    value |= UInt64(bytes[position + index]) << UInt64(8 * index)
                }
                position += (bitWidth + 7) / 8
                values += Array(repeating: value, count: Int(header >> 1))
            } else {
                let total = Int(header >> 1) * 8
                var bitPosition = 0
                for _ in 0..<total {
                    var value: UInt64 = 0
                    for bit in 0..<bitWidth {
                        let absolute = bitPosition + bit
                        if bytes[position + absolute / 8] >> UInt8(absolute % 8) & 1 == 1 { value |= 1 << UInt64(bit) }
                    }
                    bitPosition += bitWidth
                    values.append(value)
                }
                position += Int(header >> 1) * bitWidth
            }
        }
        return Array(values.prefix(count))
    }

    static func hex(_ text: String) -> [UInt8] { GoldenFileTests.hex(text) }

    @Test func pyarrowsLevelsAndIndices() {
        #expect(RLEHybridEncoder.definitionLevels([true, false, true]) == Self.hex("02000000 0305"))
        #expect(RLEHybridEncoder.definitionLevels([true, true, true]) == Self.hex("02000000 0601"))
        #expect(RLEHybridEncoder.dictionaryIndices([0, 0], dictionarySize: 1) == Self.hex("01 0400"))
        #expect(RLEHybridEncoder.dictionaryIndices([0, 1, 0], dictionarySize: 2) == Self.hex("01 0302"))
    }

    @Test func bitWidthsOfDictionaries() {
        #expect(
            [0, 1, 2, 3, 4, 5, 255, 256, 257].map(RLEHybridEncoder.bitWidth(forDictionaryOf:)) == [
                1, 1, 1, 2, 2, 3, 8, 8, 9,
            ])
    }

    @Test func byteAlignedWidthsAreOneTwoFourOrWholeBytes() {
        #expect(
            (1...32).map(RLEHybridEncoder.byteAlignedWidth) == [1, 2, 4, 4] + [8, 8, 8, 8]
                + Array(repeating: 16, count: 8)
                + Array(repeating: 24, count: 8) + Array(repeating: 32, count: 8))
    }

    @Test(arguments: [2, 5, 8, 9, 200, 300, 70_000])
    func byteAlignedIndicesDecodeToTheSameValues(dictionarySize: Int) {
        let indices = (0..<1000).map { UInt32(($0 * 7919) % dictionarySize) }
        let page = RLEHybridEncoder.dictionaryIndices(indices, dictionarySize: dictionarySize, byteAligned: true)
        let width = Int(page[0])
        #expect(width == RLEHybridEncoder.byteAlignedWidth(RLEHybridEncoder.bitWidth(forDictionaryOf: dictionarySize)))
        #expect(Self.decode(Array(page.dropFirst()), bitWidth: width, count: indices.count) == indices.map(UInt64.init))
    }

    @Test func longRunsBecomeRLEAndOthersBitPacked() {
        var encoder = RLEHybridEncoder(bitWidth: 3)
        let values: [UInt64] = Array(repeating: 5, count: 20) + [1, 2, 3] + Array(repeating: 7, count: 9)
        for value in values { encoder.append(value) }
        let bytes = encoder.finish()
        // 20 × 5 as one RLE run, then 12 more values: 3 literals are not enough for a group of their own, so the
        // 9 sevens start inside it (8 + 4 values: two literal groups).
        #expect(Array(bytes.prefix(2)) == [40, 5])
        #expect(Self.decode(bytes, bitWidth: 3, count: values.count) == values)
    }

    @Test(arguments: [1, 2, 5, 8, 13, 20, 32])
    func roundTripsWhateverTheValues(bitWidth: Int) {
        var generator = SplitMix(seed: UInt64(bitWidth))
        let mask: UInt64 = bitWidth == 64 ? .max : (1 << UInt64(bitWidth)) - 1
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 100, 513, 1000] {
            // Runs of random length with random values, so both kinds of runs and their boundaries occur.
            var values: [UInt64] = []
            while values.count < length {
                let value = generator.next() & mask
                let run = Int(generator.next() % 20) + 1
                values += Array(repeating: value, count: min(run, length - values.count))
            }
            var encoder = RLEHybridEncoder(bitWidth: bitWidth)
            for value in values { encoder.append(value) }
            let bytes = encoder.finish()
            #expect(Self.decode(bytes, bitWidth: bitWidth, count: values.count) == values, "length \(length)")
        }
    }

    @Test func literalRunsHoldAtMost63Groups() {
        var encoder = RLEHybridEncoder(bitWidth: 1)
        let values = (0..<(64 * 8)).map { UInt64($0 % 2) }
        for value in values { encoder.append(value) }
        let bytes = encoder.finish()
        #expect(bytes[0] == 63 << 1 | 1)
        #expect(Self.decode(bytes, bitWidth: 1, count: values.count) == values)
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
