import Testing

@testable import Focus

/// Rows the reader skips or repairs (issues) and inputs it refuses (errors), with their line numbers.
@Suite struct CSVReaderIssueTests {
    func read(_ text: String, options: CSVReadOptions = .init()) throws -> ReadOutcome {
        try CSVTest.readInEveryChunkSize(CSVTest.bytes(text), options: options)
    }

    // MARK: - Ragged rows

    @Test func raggedRowsAreSkippedAndReportedWithTheirLines() throws {
        let outcome = try read("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n")
        #expect(outcome.rows == [["1", "2", "3"], ["10", "11", "12"]])
        #expect(outcome.lines == [2, 5])
        #expect(
            outcome.issues == [
                CSVIssue(kind: .tooFewFields, line: 3, fieldCount: 2, expectedFieldCount: 3),
                CSVIssue(kind: .tooManyFields, line: 4, fieldCount: 4, expectedFieldCount: 3),
            ])
    }

    @Test func raggedRowAfterMultiLineFieldsHasTheRightLine() throws {
        let outcome = try read("a,b\n\"x\ny\nz\",1\n\"p\nq\"\n2,3\n\"r\",\"s\nt\",u\n")
        #expect(outcome.rows == [["x\ny\nz", "1"], ["2", "3"]])
        #expect(outcome.lines == [2, 7])
        #expect(
            outcome.issues == [
                CSVIssue(kind: .tooFewFields, line: 5, fieldCount: 1, expectedFieldCount: 2),
                CSVIssue(kind: .tooManyFields, line: 8, fieldCount: 3, expectedFieldCount: 2),
            ])
    }

    @Test func aLineWithOnlySpacesIsARowNotABlankLine() throws {
        let outcome = try read("a,b\n  \n1,2\n")
        #expect(outcome.rows == [["1", "2"]])
        #expect(outcome.issues == [CSVIssue(kind: .tooFewFields, line: 2, fieldCount: 1, expectedFieldCount: 2)])
    }

    @Test func issueSamplesAreCappedButAllAreCounted() throws {
        var text = "a,b\n"
        for row in 0..<50 { text += row % 2 == 0 ? "1\n" : "1,2\n" }
        let outcome = try CSVTest.read(text, options: CSVReadOptions(maxIssueSamples: 3))
        #expect(outcome.rows.count == 25)
        #expect(outcome.issues.map(\.line) == [2, 4, 6])
        #expect(outcome.issueTotal == 25)
        var reader = CSVReader(options: CSVReadOptions(maxIssueSamples: 3))
        _ = try reader.feed(CSVTest.bytes(text))
        _ = try reader.finish()
        #expect(reader.issues.counts == [.tooFewFields: 25])
        #expect(reader.issues.skippedRows == 25)
        #expect(reader.rowsRead == 25)
    }

    @Test func aRowWithSeveralProblemsReportsTheFirstWhateverTheChunking() throws {
        // The third field is one too many, and its second byte is a stray quote: both are found at the same offset
        // (the field's first content byte); the kind declared first wins. Found by fuzzing.
        let strict = CSVReadOptions(lazyQuotes: false, maxRowBytes: 100)
        let outcome = try read("a,b\n1,2,\"\"U\"\n3,4\n", options: strict)
        #expect(outcome.rows == [["3", "4"]])
        #expect(outcome.issues.map(\.kind) == [.tooManyFields])
    }

    // MARK: - Limits

    @Test func fieldBeyondTheLimitSkipsItsRow() throws {
        let options = CSVReadOptions(maxFieldBytes: 5)
        let outcome = try read("a,b\n12345,\"123\"\"\"\n123456,x\n1,\"abc\ndef\"\n7,8\n", options: options)
        #expect(outcome.rows == [["12345", "123\""], ["7", "8"]])
        #expect(outcome.lines == [2, 6])
        #expect(
            outcome.issues == [
                CSVIssue(kind: .fieldTooLarge, line: 3, fieldCount: 2, expectedFieldCount: 2, column: 0),
                CSVIssue(kind: .fieldTooLarge, line: 4, fieldCount: 2, expectedFieldCount: 2, column: 1),
            ])
    }

    @Test func hugeFieldIsNotHeldInMemory() throws {
        var reader = CSVReader(options: CSVReadOptions(maxFieldBytes: 100))
        _ = try reader.feed(CSVTest.bytes("a,b\n1,\""))
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000)
        for _ in 0..<100 { #expect(try reader.feed(chunk).isEmpty) }
        _ = try reader.feed(CSVTest.bytes("\"\n2,3\n"))
        let batches = try reader.finish()
        #expect(CSVTest.rows(batches) == [["2", "3"]])
        #expect(batches.allSatisfy { $0.byteCount < 1_000 })
        #expect(reader.issues.samples.map(\.kind) == [.fieldTooLarge])
    }

    @Test func rowBeyondTheLimitIsSkipped() throws {
        let options = CSVReadOptions(maxFieldBytes: 10, maxRowBytes: 12)
        let outcome = try read("a,b,c\n1234,1234,1234\n1,2,3\n", options: options)
        #expect(outcome.rows == [["1", "2", "3"]])
        #expect(outcome.issues.map(\.kind) == [.rowTooLarge])
    }

    // MARK: - UTF-8

    @Test func invalidUTF8IsReplacedAndReported() throws {
        let input = CSVTest.bytes("a,b\n") + [0x66, 0xFF, 0x6F, 0x2C, 0xE2, 0x82] + CSVTest.bytes("\n1,2\n")
        let outcome = try CSVTest.readInEveryChunkSize(input)
        #expect(outcome.rows == [["f\u{FFFD}o", "\u{FFFD}"], ["1", "2"]])
        #expect(
            outcome.issues == [
                CSVIssue(kind: .invalidUTF8Replaced, line: 2, fieldCount: 2, expectedFieldCount: 2, column: 0),
                CSVIssue(kind: .invalidUTF8Replaced, line: 2, fieldCount: 2, expectedFieldCount: 2, column: 1),
            ])
    }

    @Test func invalidUTF8CanSkipTheRow() throws {
        let input = CSVTest.bytes("a,b\n1,é\n") + [0xC3, 0x28] + CSVTest.bytes(",x\n2,3\n")
        let outcome = try CSVTest.readInEveryChunkSize(input, options: CSVReadOptions(invalidUTF8: .skipRow))
        #expect(outcome.rows == [["1", "é"], ["2", "3"]])
        #expect(outcome.lines == [2, 4])
        #expect(
            outcome.issues == [CSVIssue(kind: .invalidUTF8, line: 3, fieldCount: 2, expectedFieldCount: 2, column: 0)])
    }

    // MARK: - Anything at all

    @Test func randomBytesReadTheSameInAnyChunkingUnderAnyOptions() {
        var random = SeededGenerator(seed: 31)
        let alphabet = Array("a,\"\"\n\r NULL".utf8) + [0xC3, 0xA9, 0xFF, 0xEF, 0xBB, 0xBF]
        for round in 0..<300 {
            let input = (0..<Int.random(in: 0...120, using: &random)).map { _ in
                alphabet.randomElement(using: &random) ?? 0
            }
            let options = CSVReadOptions(
                lazyQuotes: round % 2 == 0, batchByteBudget: round % 5 + 1, maxFieldBytes: round % 3 == 0 ? 4 : 100,
                invalidUTF8: round % 4 == 0 ? .skipRow : .replace)
            typealias Outcome = Result<ReadOutcome, CSVReadError>
            let whole = Outcome { () throws(CSVReadError) in try CSVTest.read(input, options: options) }
            for size in [1, 2, 3, 5, 11] {
                let chunked = Outcome { () throws(CSVReadError) in
                    try CSVTest.read(input, chunkSize: size, options: options)
                }
                switch (whole, chunked) {
                case (.success(let a), .success(let b)): #expect(a == b)
                case (.failure(let a), .failure(let b)): #expect(a.code == b.code && a.line == b.line)
                default: Issue.record("chunk size \(size) changed success into failure or back")
                }
            }
            if case .success(let outcome) = whole {
                #expect(outcome.rows.allSatisfy { $0.count == outcome.header.count })
            }
        }
    }

    // MARK: - Fatal errors

    @Test(arguments: ["", "\n\n", "\r\n", "\u{FEFF}", "\u{FEFF}\n"])
    func inputWithoutAHeaderIsAnError(text: String) {
        #expect(CSVTest.error(CSVTest.bytes(text))?.code == .missingHeader)
    }

    @Test(arguments: ["\"", "\r", "\n"])
    func delimitersThatCannotSeparateFieldsAreRefused(delimiter: String) {
        let options = CSVReadOptions(delimiter: delimiter.utf8.first ?? 0)
        #expect(CSVTest.error(CSVTest.bytes("a,b\n1,2\n"), options: options)?.code == .invalidDelimiter)
    }

    @Test func emptyAndDuplicateHeaderNamesAreErrors() {
        #expect(CSVTest.error(CSVTest.bytes("a,,c\n1,2,3\n"))?.code == .emptyHeaderName)
        #expect(CSVTest.error(CSVTest.bytes("a,\"\"\n1,2\n"))?.code == .emptyHeaderName)
        let duplicate = CSVTest.error(CSVTest.bytes("a,b,a\n1,2,3\n"))
        #expect(duplicate?.code == .duplicateHeaderName)
        #expect(duplicate?.line == 1)
    }

    @Test func invalidUTF8InTheHeaderIsAnError() {
        let error = CSVTest.error(CSVTest.bytes("a,") + [0xC3] + CSVTest.bytes("\n1,2\n"))
        #expect(error?.code == .invalidUTF8InHeader)
    }

    @Test func oversizedHeaderIsAnError() {
        let header = String(repeating: "x", count: 200)
        let options = CSVReadOptions(maxHeaderBytes: 100)
        #expect(CSVTest.error(CSVTest.bytes(header + "\n1\n"), options: options)?.code == .headerTooLarge)
        #expect(CSVTest.error(CSVTest.bytes(header), chunkSize: 7, options: options)?.code == .headerTooLarge)
        for size in [1, 7, 64, 1_000] {
            let error = CSVTest.error(CSVTest.bytes("\n\n" + header + "\n1\n"), chunkSize: size, options: options)
            #expect(error == CSVReadError(.headerTooLarge, line: 3, error?.message ?? ""))
        }
    }

    @Test func truncatedQuotedFieldIsAnErrorWithTheRecordsLine() {
        let input = CSVTest.bytes("a,b\n1,2\n3,\"four\nfive")
        for size in 1...input.count {
            let error = CSVTest.error(input, chunkSize: size)
            #expect(error?.code == .unterminatedQuotedField)
            #expect(error?.line == 3)
        }
    }

    @Test func afterAnErrorEveryCallThrowsIt() throws {
        var reader = CSVReader()
        let error = try #require(throws: CSVReadError.self) { try reader.feed(CSVTest.bytes("a,a\n")) }
        #expect(error.code == .duplicateHeaderName)
        #expect(throws: error) { try reader.feed(CSVTest.bytes("1,2\n")) }
        #expect(throws: error) { try reader.finish() }
        var finished = CSVReader()
        _ = try finished.feed(CSVTest.bytes("a\n1\n"))
        _ = try finished.finish()
        #expect(throws: CSVReadError(.alreadyFinished, line: 3, "the reader has finished")) {
            try finished.finish()
        }
    }
}
