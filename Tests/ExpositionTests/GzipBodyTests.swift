import Testing

@testable import Exposition

/// The gzip body must be standard gzip whose content is exactly the identity body: checked with two independent
/// decoders, the `gzip` tool and Python's zlib.
@Suite struct GzipBodyTests {
    static func decodedByTools(_ body: ExpositionBody) throws -> [[UInt8]] {
        let gzip = try #require(ExternalTool.find("gzip"))
        let python = try #require(ExternalTool.find("python3"))
        let bytes = body.bytes()
        let fromGzip = try gzip.run(["-dc"], input: bytes)
        #expect(fromGzip.status == 0, "\(fromGzip.errors)")
        let script = "import sys, zlib; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read(), 31))"
        let fromZlib = try python.run(["-c", script], input: bytes)
        #expect(fromZlib.status == 0, "\(fromZlib.errors)")
        return [fromGzip.output, fromZlib.output]
    }

    static func expectSameText(_ families: [TestFamily]) throws {
        let identity = try build(families).bytes()
        let gzip = try build(families, encoding: .gzip)
        #expect(gzip.uncompressedByteCount == identity.count)
        for decoded in try decodedByTools(gzip) {
            #expect(decoded.count == identity.count)
            #expect(decoded == identity)
        }
    }

    @Test func emptyBodyIsAValidEmptyGzipMember() throws {
        let body = try build([], encoding: .gzip)
        #expect(try Self.decodedByTools(body) == [[], []])
    }

    @Test func repetitiveSeriesCompressWellAndDecodeExactly() throws {
        var random = SeededRandom(seed: 5)
        let regions = ["eu-west-1", "us-east-1", "ap-south-1", "westeurope"]
        let services = (0..<30).map { "service-\($0)" }
        let series: [(labels: [String], value: Double)] = (0..<5_000).map { row in
            let resource = "i-" + String(random.next(), radix: 16)
            return (
                [
                    regions[Int(random.next() % 4)], services[Int(random.next() % 30)], resource,
                    "2026-01-\(row % 28 + 1)",
                ],
                Double(random.next() % 1_000_000) / 100
            )
        }
        let family = try gauge("finops_cost", labels: ["region", "service", "resource", "day"])
        try Self.expectSameText([TestFamily(family, series)])
        let identity = try build([TestFamily(family, series)])
        let gzip = try build([TestFamily(family, series)], encoding: .gzip)
        #expect(gzip.byteCount * 3 < identity.byteCount)
        #expect(gzip.chunks.count >= 1)
    }

    @Test func longValuesLongLinesAndWindowSlidesDecodeExactly() throws {
        let long = String(repeating: "abcdefghij", count: 40)  // 400 bytes: matches longer than 258
        let huge = String(repeating: "x", count: 100_000)  // a line longer than the structured limit
        let family = try gauge("a", labels: ["long", "n"])
        var series: [(labels: [String], value: Double)] = []
        for index in 0..<3_000 { series.append(([long, "\(index % 7)"], Double(index))) }
        series.append(([huge, "h"], 1))
        series.append(([huge, "i"], 2))
        for index in 0..<2_000 { series.append(([String(repeating: "q", count: index % 300), "z\(index)"], 0.5)) }
        try Self.expectSameText([TestFamily(family, series)])
    }

    @Test func manyFamiliesAndRandomBytesDecodeExactly() throws {
        var random = SeededRandom(seed: 9)
        var families: [TestFamily] = []
        for index in 0..<12 {
            let labels = (0..<Int(random.next() % 5)).map { "l\($0)" }
            let family = try gauge("f\(index)", labels: labels, duplicates: index % 3 == 0 ? .sum : .report)
            let series: [(labels: [String], value: Double)] = (0..<Int(random.next() % 800)).map { _ in
                let values = labels.map { _ in
                    String(
                        decoding: (0..<Int(random.next() % 12)).map { _ in
                            UInt8(truncatingIfNeeded: random.next() % 5 == 0 ? random.next() : random.next() % 4 + 97)
                        }, as: UTF8.self)
                }
                return (values, Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF))
            }
            families.append(TestFamily(family, series))
        }
        try Self.expectSameText(families)
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        var crc = CRC32()
        Array("123456789".utf8).withUnsafeBytes { crc.update($0) }
        #expect(crc.value == 0xCBF4_3926)
    }

    @Test func huffmanCodesRespectTheLengthLimitAndAreComplete() {
        // Fibonacci frequencies make an unlimited Huffman code 30+ bits deep.
        var frequencies: [UInt32] = [1, 1]
        while frequencies.count < 40 {
            frequencies.append(frequencies[frequencies.count - 1] + frequencies[frequencies.count - 2])
        }
        frequencies += [UInt32](repeating: 0, count: 246)
        let code = HuffmanCode(frequencies: frequencies, limit: 15)
        let used = code.lengths.filter { $0 > 0 }
        #expect(used.count == 40)
        #expect(used.max() == 15)
        #expect(used.reduce(0) { $0 + (1 << (15 - Int($1))) } == 1 << 15)  // Kraft equality: a complete code
    }
}
