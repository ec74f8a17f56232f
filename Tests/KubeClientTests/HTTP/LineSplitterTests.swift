import Foundation
import Testing

@testable import KubeClient

/// Framing of watch streams: lines split across chunks, joined, trimmed and bounded.
@Suite struct LineSplitterTests {
    static func text(_ lines: [Data]) -> [String] { lines.map { String(decoding: $0, as: UTF8.self) } }

    @Test func linesWithinOneChunkComeOutInOrder() throws {
        var splitter = LineSplitter()
        #expect(Self.text(try splitter.append(Array("{\"a\":1}\n{\"b\":2}\n".utf8))) == ["{\"a\":1}", "{\"b\":2}"])
        #expect(splitter.pending.isEmpty)
    }

    @Test func aLineSplitAcrossChunksIsJoinedWhenItsNewlineArrives() throws {
        var splitter = LineSplitter()
        #expect(try splitter.append(Array("{\"type\":\"ADD".utf8)).isEmpty)
        #expect(try splitter.append(Array("ED\",\"object\"".utf8)).isEmpty)
        #expect(Self.text(try splitter.append(Array(":{}}\n{\"ty".utf8))) == ["{\"type\":\"ADDED\",\"object\":{}}"])
        #expect(Self.text(try splitter.append(Array("pe\":1}\n".utf8))) == ["{\"type\":1}"])
    }

    @Test func everyChunkingOfAStreamGivesTheSameLines() throws {
        let stream = Array("one\ntwo\r\n\n  \nthree\nfour".utf8)
        for size in 1...stream.count {
            var splitter = LineSplitter()
            var lines: [Data] = []
            var start = 0
            while start < stream.count {
                let end = min(start + size, stream.count)
                lines += try splitter.append(stream[start..<end])
                start = end
            }
            if let last = splitter.finish() { lines.append(last) }
            #expect(Self.text(lines) == ["one", "two", "three", "four"], "chunk size \(size)")
        }
    }

    @Test func aNewlineAloneCompletesTheBufferedLine() throws {
        var splitter = LineSplitter()
        _ = try splitter.append(Array("abc".utf8))
        #expect(Self.text(try splitter.append(Array("\n".utf8))) == ["abc"])
        #expect(splitter.finish() == nil)
    }

    @Test func aLineLongerThanTheLimitIsAnError() throws {
        var splitter = LineSplitter(maximumLineLength: 8)
        _ = try splitter.append(Array("12345".utf8))
        #expect(throws: LineSplitter.LineTooLong(limit: 8)) { try splitter.append(Array("6789".utf8)) }
        var complete = LineSplitter(maximumLineLength: 8)
        #expect(throws: LineSplitter.LineTooLong.self) { try complete.append(Array("123456789\n".utf8)) }
        var exact = LineSplitter(maximumLineLength: 8)
        #expect(Self.text(try exact.append(Array("12345678\n".utf8))) == ["12345678"])
    }
}
