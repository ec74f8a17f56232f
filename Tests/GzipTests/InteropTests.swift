import Gzip
import Testing

/// Python's gzip and zlib modules (zlib underneath, but an independent framing and member handling) agree with us.
@Suite struct InteropTests {
    @Test func readsWhatPythonWrites() throws {
        let script = """
            import gzip, sys
            data = sys.stdin.buffer.read()
            sys.stdout.buffer.write(gzip.compress(data, 9) + gzip.compress(data[:100], 1, mtime=0))
            """
        let input = TestData.bytes(40_000, seed: 40)
        let compressed = try Python.run(script, input: input)
        #expect(try TestData.decompress(compressed, chunkSize: 1_000) == input + input.prefix(100))
    }

    @Test func pythonReadsWhatWeWrite() throws {
        let input = TestData.bytes(40_000, seed: 41)
        let members = Gzip.compress(input) + Gzip.compress(Array("tail".utf8), level: 1)
        let decoded = try Python.run(
            "import gzip, sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))", input: members)
        #expect(decoded == input + Array("tail".utf8))
    }

    @Test func zlibAndRawStreamsMatchPythonsZlib() throws {
        let input = TestData.bytes(20_000, seed: 42)
        for (format, bits) in [(DeflateFormat.zlib, 15), (.raw, -15)] {
            let ours = try Python.run(
                "import zlib, sys; sys.stdout.buffer.write(zlib.decompress(sys.stdin.buffer.read(), \(bits)))",
                input: Gzip.compress(input, format: format))
            #expect(ours == input)
            let theirs = try Python.run(
                "import zlib, sys; c = zlib.compressobj(6, zlib.DEFLATED, \(bits)); d = sys.stdin.buffer.read(); sys.stdout.buffer.write(c.compress(d) + c.flush())",
                input: input)
            #expect(try Gzip.decompress(theirs, format: format) == input)
        }
    }
}
