import Testing

@testable import Exposition

/// ``ExpositionBody/gzipMember(appending:)``: one gzip member holding the body's text and then more text, checked
/// with Python's zlib, which must reach the member's end with nothing left over (a second member would remain).
@Suite struct GzipMemberTests {
    /// The text of exactly one gzip member (a test failure when it is not exactly one).
    static func decodeSingleMember(_ chunks: [[UInt8]]) throws -> [UInt8] {
        let python = try #require(ExternalTool.find("python3"))
        let script = """
            import sys, zlib
            d = zlib.decompressobj(31)
            out = d.decompress(sys.stdin.buffer.read()) + d.flush()
            if not d.eof or d.unused_data: sys.exit(3)
            sys.stdout.buffer.write(out)
            """
        let result = try python.run(["-c", script], input: chunks.flatMap { $0 })
        #expect(result.status == 0, "not exactly one complete gzip member: \(result.errors)")
        return result.output
    }

    static func bodies(series: Int) throws -> (gzip: ExpositionBody, text: [UInt8]) {
        var random = SeededRandom(seed: UInt64(series) + 1)
        let family = try gauge("finops_cost", labels: ["region", "resource"])
        let rows: [(labels: [String], value: Double)] = (0..<series).map { row in
            (["r\(random.next() % 7)", "i-" + String(random.next() % 100_000, radix: 16)], Double(row) / 8)
        }
        let families = series == 0 ? [] : [TestFamily(family, rows)]
        return (try build(families, encoding: .gzip), try build(families).bytes())
    }

    static let texts: [[UInt8]] = {
        var random = SeededRandom(seed: 77)
        return [
            [],
            Array("finops_exporter_polls_total 3\n".utf8),
            Array(
                (0..<400).map { "finops_exporter_poll_failures_total{reason=\"r\($0 % 9)\"} \($0)\n" }.joined().utf8),
            (0..<70_000).map { _ in UInt8(truncatingIfNeeded: random.next()) },  // incompressible, > one block
            [UInt8](repeating: 0x61, count: 300_000),  // long matches, several blocks
        ]
    }()

    @Test(arguments: [0, 3, 30_000])
    func bodyAndTextDecodeAsOneMember(series: Int) throws {
        let (body, text) = try Self.bodies(series: series)
        for extra in Self.texts {
            let decoded = try Self.decodeSingleMember(body.gzipMember(appending: extra))
            #expect(decoded.count == text.count + extra.count)
            #expect(decoded == text + extra)
        }
        #expect(try Self.decodeSingleMember(body.chunks) == text)
    }

    @Test func bodyChunksAreSharedNotCopied() throws {
        let (body, _) = try Self.bodies(series: 30_000)
        let member = body.gzipMember(appending: Array("x 1\n".utf8))
        // The body's chunks minus its closing chunk (final block and trailer) come first, in the same storage.
        #expect(member.count == body.chunks.count)
        for index in 0..<(body.chunks.count - 1) {
            let shared = body.chunks[index].withUnsafeBufferPointer { original in
                member[index].withUnsafeBufferPointer { $0.baseAddress == original.baseAddress }
            }
            #expect(shared)
        }
        #expect(member.last!.count < 64)
    }

    @Test func callsDoNotChangeTheBody() throws {
        let (body, text) = try Self.bodies(series: 100)
        let before = body.bytes()
        _ = body.gzipMember(appending: Array("a 1\n".utf8))
        let second = try Self.decodeSingleMember(body.gzipMember(appending: Array("b 2\n".utf8)))
        #expect(second == text + Array("b 2\n".utf8))
        #expect(body.bytes() == before)
    }

    @Test func crcCombineMatchesTheCRCOfTheWhole() {
        var random = SeededRandom(seed: 11)
        func crc(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var crc = CRC32()
            Array(bytes).withUnsafeBytes { crc.update($0) }
            return crc.value
        }
        for _ in 0..<200 {
            let data = (0..<Int(random.next() % 5_000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let cut = Int(random.next() % UInt64(data.count + 1))
            let combined = CRC32.combine(crc(data[..<cut]), crc(data[cut...]), lengthB: data.count - cut)
            #expect(combined == crc(data[...]))
        }
    }
}
