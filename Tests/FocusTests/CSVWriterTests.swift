import Testing

@testable import Focus

@Suite struct CSVWriterTests {
    func written(_ header: [String], _ rows: [[String?]], options: CSVWriteOptions = .init()) -> String {
        let header = FocusHeader(header)
        let bytes = CSVWriter.write(
            header: header, batches: [RowBatch(header: header, rows: rows)], options: options)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func quotesOnlyWhatMustBeQuoted() {
        let text = written(
            ["plain", "comma", "quote", "lf", "cr", "lead", "trail", "tab", "inner space", "unicode"],
            [["abc", "a,b", "say \"hi\"", "a\nb", "a\rb", " a", "a ", "\ta", "a b", "é€😀"]])
        #expect(
            text == """
                plain,comma,quote,lf,cr,lead,trail,tab,inner space,unicode
                abc,"a,b","say ""hi""\","a
                b","a\rb"," a","a ","\ta",a b,é€😀

                """)
    }

    @Test func nullEmptyAndTheNullLiteralStayApart() {
        #expect(written(["a", "b", "c", "d"], [[nil, "", "NULL", "null"]]) == "a,b,c,d\n,\"\",\"NULL\",null\n")
    }

    @Test func nullInASingleColumnIsWrittenAsTheLiteral() {
        // An empty line would read back as a blank line and be skipped.
        #expect(written(["a"], [[nil], [""], ["x"]]) == "a\nNULL\n\"\"\nx\n")
    }

    @Test func lineEndsAndDelimiterAreOptions() {
        let options = CSVWriteOptions(delimiter: UInt8(ascii: ";"), lineEnding: .crlf)
        #expect(written(["a", "b"], [["x;y", "z,w"]], options: options) == "a;b\r\n\"x;y\";z,w\r\n")
    }

    @Test func headerNamesAreQuotedLikeFields() {
        #expect(written(["a,b", "NULL", "c"], []) == "\"a,b\",\"NULL\",c\n")
    }

    @Test func batchesAreWrittenInTheWritersColumnOrder() {
        let writer = CSVWriter(header: FocusHeader(["a", "b", "c"]))
        let shuffled = RowBatch(header: FocusHeader(["c", "extra", "a"]), rows: [["3", "x", "1"]])
        var output: [UInt8] = []
        writer.appendHeader(to: &output)
        writer.append(shuffled, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "a,b,c\n1,,3\n")
    }

    @Test func appendingBatchByBatchEqualsWritingAtOnce() {
        let header = FocusHeader(["a", "b"])
        let first = RowBatch(header: header, rows: [["1", nil]])
        let second = RowBatch(header: header, rows: [["2", "x,y"], [nil, ""]])
        let writer = CSVWriter(header: header)
        var output: [UInt8] = []
        writer.appendHeader(to: &output)
        writer.append(first, to: &output)
        writer.append(second, to: &output)
        #expect(output == CSVWriter.write(header: header, batches: [first, second]))
    }
}
