import Testing

@testable import DatabaseSinks

@Suite struct ContentHashTests {
    static func hash(_ bytes: [UInt8], chunk: Int) -> ContentHash {
        var hash = ContentHash()
        var start = 0
        repeat {
            let end = Swift.min(start + chunk, bytes.count)
            hash.update(Array(bytes[start..<end]))
            start = end
        } while start < bytes.count
        return hash
    }

    @Test func xxh64ReferenceValues() {
        #expect(Self.hash([], chunk: 1).value == 0xEF46_DB37_51D8_E999)
        #expect(Self.hash(Array("abc".utf8), chunk: 3).value == 0x44BC_2CF5_AD77_0999)
        #expect(Self.hash([], chunk: 1).identifier == "ef46db3751d8e999-0")
    }

    @Test(arguments: [1, 5, 31, 32, 33, 64, 1000, 2000])
    func chunkingDoesNotMatter(_ chunk: Int) {
        // The 256 byte values five times and three more: every tail length of the last stripe.
        let bytes = Array((0..<5).flatMap { _ in (0...255).map(UInt8.init) }) + Array("xyz".utf8)
        let hash = Self.hash(bytes, chunk: chunk)
        #expect(hash.value == 0xAFD1_8A39_57D3_670A)
        #expect(hash.count == 1283)
    }
}
