import Foundation
import Gzip
import Testing

/// Deterministic test inputs.
enum TestData {
    /// Pseudo-random bytes (SplitMix64); `compressible` draws from a small alphabet with repeats, like CSV.
    static func bytes(_ count: Int, seed: UInt64, compressible: Bool = true) -> [UInt8] {
        var state = seed
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            if compressible {
                let word = ["BilledCost", ",", "eu-west-1", "\n", "2026-01-01T00:00:00Z", "12.5"][Int(z % 6)]
                result += word.utf8.prefix(count - result.count)
                if z & 0x100 != 0 && result.count < count { result.append(UInt8(truncatingIfNeeded: z >> 32)) }
            } else {
                withUnsafeBytes(of: z) { result += $0.prefix(count - result.count) }
            }
        }
        return result
    }

    /// Feeds `input` to a new decompressor in chunks of `size` and finishes it.
    static func decompress(_ input: [UInt8], chunkSize size: Int, format: DeflateFormat = .gzip) throws(GzipError)
        -> [UInt8]
    {
        let decompressor = GzipDecompressor(format: format)
        var output: [UInt8] = []
        var offset = 0
        while offset < input.count {
            let end = min(offset + size, input.count)
            output += try decompressor.decompress(Array(input[offset..<end]))
            offset = end
        }
        try decompressor.finish()
        return output
    }

    /// The ``GzipError`` `body` throws, or `nil` (after recording a failure) when it throws none.
    static func error(sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) -> GzipError? {
        do {
            try body()
            Issue.record("expected a GzipError", sourceLocation: sourceLocation)
        } catch let error as GzipError {
            return error
        } catch {
            Issue.record("expected a GzipError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }
}

/// Python 3 (its gzip and zlib modules) as an independent implementation; `make test` guarantees it.
enum Python {
    static func run(_ script: String, input: [UInt8] = []) throws -> [UInt8] {
        let inputURL = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: inputURL) }
        try Data(input).write(to: inputURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 failed: \(script)")
        return [UInt8](data)
    }
}
