import Testing

@testable import Focus

/// RFC 4180 and the dialect choices around it, each checked in every chunk size.
@Suite struct CSVReaderGrammarTests {
    func read(_ text: String, options: CSVReadOptions = .init()) throws -> ReadOutcome {
        try CSVTest.readInEveryChunkSize(CSVTest.bytes(text), options: options)
    }

    @Test func plainFieldsAndLineNumbers() throws {
        let outcome = try read("a,b,c\n1,2,3\n4,5,6\n")
        #expect(outcome.header == ["a", "b", "c"])
        #expect(outcome.rows == [["1", "2", "3"], ["4", "5", "6"]])
        #expect(outcome.lines == [2, 3])
    }

    @Test func quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws {
        let outcome = try read("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line1\nline2\",\"cr\r\nlf\"\n")
        #expect(outcome.rows == [["x,y", "say \"hi\""], ["line1\nline2", "cr\r\nlf"]])
    }

    @Test func rowsAfterMultiLineFieldsKeepTheirLineNumbers() throws {
        let outcome = try read("a,b\n1,\"x\n\ny\"\n2,3\n\"p\nq\",4\n5,6")
        #expect(outcome.rows == [["1", "x\n\ny"], ["2", "3"], ["p\nq", "4"], ["5", "6"]])
        #expect(outcome.lines == [2, 5, 6, 8])
    }

    @Test func crlfAndLfEndLinesAlike() throws {
        let crlf = try read("a,b\r\n1,2\r\n\"q\",\r\n")
        let lf = try read("a,b\n1,2\n\"q\",\n")
        #expect(crlf == lf)
        #expect(crlf.rows == [["1", "2"], ["q", nil]])
    }

    @Test func lastLineNeedsNoLineEnd() throws {
        #expect(try read("a,b\n1,2").rows == [["1", "2"]])
        #expect(try read("a,b\n1,\"2\"").rows == [["1", "2"]])
        #expect(try read("a,b\n1,").rows == [["1", nil]])
        #expect(try read("a,b\r\n1,2\r").rows == [["1", "2"]])
        #expect(try read("a,b\r\n1,\"2\"\r").rows == [["1", "2"]])
    }

    @Test func aLoneCarriageReturnIsData() throws {
        #expect(try read("a,b\n1\r2,3\n").rows == [["1\r2", "3"]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let outcome = try read("\u{FEFF}a,b\n1,2\n")
        #expect(outcome.header == ["a", "b"])
        #expect(outcome.rows == [["1", "2"]])
        // Only at the very start; a partial mark is data.
        #expect(try read("\u{FEFF}\u{FEFF}a\n1\n").header == ["\u{FEFF}a"])
    }

    @Test func nullsEmptyStringsAndTheNullLiteral() throws {
        let outcome = try read("a,b,c,d,e\n,\"\",NULL,\"NULL\",null\nNULL,NULL ,,, \n")
        #expect(outcome.rows == [[nil, "", nil, "NULL", "null"], [nil, "NULL ", nil, nil, " "]])
    }

    @Test func blankLinesAreSkipped() throws {
        let outcome = try read("\n\na,b\n\n1,2\r\n\r\n\n3,4\n\n")
        #expect(outcome.rows == [["1", "2"], ["3", "4"]])
        #expect(outcome.lines == [5, 8])
        #expect(outcome.issueTotal == 0)
    }

    @Test func headerMapsColumnsByNameInAnyOrder() throws {
        let outcome = try CSVReader.read(
            CSVTest.bytes("BilledCost,ServiceName,ChargePeriodStart\n1.5,EC2,2026-01-01\n"))
        let batch = try #require(outcome.batches.first)
        let service = try #require(outcome.header.index(of: "ServiceName"))
        let cost = try #require(outcome.header.index(of: "BilledCost"))
        #expect(batch.string(row: 0, column: service) == "EC2")
        #expect(batch.string(row: 0, column: cost) == "1.5")
        #expect(outcome.header.index(of: "Missing") == nil)
    }

    @Test func headerNamesMayBeQuoted() throws {
        #expect(try read("\"a,1\",\"b\"\"2\",c\n1,2,3\n").header == ["a,1", "b\"2", "c"])
        // NULL has no special meaning in the header.
        #expect(try read("NULL,b\n1,2\n").header == ["NULL", "b"])
    }

    @Test func headerOnlyInputHasNoRows() throws {
        let outcome = try read("a,b\n")
        #expect(outcome.header == ["a", "b"])
        #expect(outcome.rows.isEmpty)
    }

    @Test func otherDelimiters() throws {
        let options = CSVReadOptions(delimiter: UInt8(ascii: ";"))
        #expect(try read("a;b\n\"x;y\";z,w\n", options: options).rows == [["x;y", "z,w"]])
        let tabs = CSVReadOptions(delimiter: UInt8(ascii: "\t"))
        #expect(try read("a\tb\n1\t\n", options: tabs).rows == [["1", nil]])
    }

    @Test func multiByteCharactersSurviveAnySplit() throws {
        let outcome = try read("名前,値\n\"日本\",\u{1F600}é\n")
        #expect(outcome.header == ["名前", "値"])
        #expect(outcome.rows == [["日本", "\u{1F600}é"]])
        #expect(outcome.issueTotal == 0)
    }

    // MARK: - Lazy quotes

    @Test func lazyQuotesKeepStrayQuotesAsGoDoes() throws {
        // Go's encoding/csv with LazyQuotes reads these the same way.
        let outcome = try read("a,b\nab\"c,d\n\"x\"y\",z\n\"q\"\"r\" s\",t\n")
        #expect(outcome.rows == [["ab\"c", "d"], ["x\"y", "z"], ["q\"r\" s", "t"]])
        #expect(outcome.issueTotal == 0)
    }

    @Test func lazyQuoteFollowedByCarriageReturnWithoutLineFeed() throws {
        #expect(try read("a,b\n\"x\"\ry\",z\n").rows == [["x\"\ry", "z"]])
    }

    @Test func strictQuotesSkipTheRowWithAnIssue() throws {
        let strict = CSVReadOptions(lazyQuotes: false)
        let outcome = try read("a,b\nab\"c,d\n1,2\n\"x\"y\",z\n3,4\n", options: strict)
        #expect(outcome.rows == [["1", "2"], ["3", "4"]])
        #expect(outcome.lines == [3, 5])
        #expect(
            outcome.issues == [
                CSVIssue(kind: .bareQuote, line: 2, fieldCount: 2, expectedFieldCount: 2, column: 0),
                CSVIssue(kind: .extraneousQuote, line: 4, fieldCount: 2, expectedFieldCount: 2, column: 0),
            ])
    }

    @Test func strictQuotesRejectAMalformedHeader() {
        let error = CSVTest.error(CSVTest.bytes("a\"b,c\n1,2\n"), options: CSVReadOptions(lazyQuotes: false))
        #expect(error?.code == .malformedHeader)
    }

    @Test func strictQuotesAcceptWellFormedInput() throws {
        let strict = CSVReadOptions(lazyQuotes: false)
        let outcome = try read("a,b\n\"x,\"\"y\"\"\",\"\"\n", options: strict)
        #expect(outcome.rows == [["x,\"y\"", ""]])
        #expect(outcome.issueTotal == 0)
    }
}
