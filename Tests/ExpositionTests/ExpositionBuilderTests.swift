import Testing

@testable import Exposition

@Suite struct ExpositionBuilderTests {
    @Test func familyRendersHelpTypeAndSeriesInOrder() throws {
        let family = try gauge("finops_billed_cost", labels: ["region", "service"], help: "Billed cost.")
        let text = try render([TestFamily(family, [(["eu-west-1", "compute"], 12.5), (["us-east-1", "storage"], 3)])])
        #expect(
            text == """
                # HELP finops_billed_cost Billed cost.
                # TYPE finops_billed_cost gauge
                finops_billed_cost{region="eu-west-1",service="compute"} 12.5
                finops_billed_cost{region="us-east-1",service="storage"} 3

                """)
    }

    @Test func helpEscapesBackslashAndLineFeedOnly() throws {
        let family = try gauge("a", help: "path C:\\dir\nsecond \"line\"")
        let text = try render([TestFamily(family, [([], 1)])])
        #expect(text.hasPrefix(#"# HELP a path C:\\dir\nsecond "line""# + "\n# TYPE a gauge\n"))
    }

    @Test func emptyHelpLeavesOutTheHelpLine() throws {
        let family = try MetricFamily(name: "a", help: "", type: .untyped)
        #expect(try render([TestFamily(family, [([], 1)])]) == "# TYPE a untyped\na 1\n")
    }

    @Test func familyWithoutSeriesRendersNothing() throws {
        let empty = try gauge("empty_family", labels: ["a"])
        let full = try MetricFamily(name: "events_total", help: "Events.", type: .counter)
        let text = try render([TestFamily(empty, []), TestFamily(full, [([], 2)])])
        #expect(text == "# HELP events_total Events.\n# TYPE events_total counter\nevents_total 2\n")
    }

    @Test func emptyBodyIsEmpty() throws {
        #expect(try build([]).bytes().isEmpty)
        #expect(try build([TestFamily(try gauge(), [])]).report.families.map(\.series) == [0])
    }

    @Test func timestampsFollowTheValue() throws {
        let family = try gauge("a", labels: ["k"])
        let text = try render([TestFamily(family, timed: [(["v"], 1.5, 1_700_000_000_000)])])
        #expect(text.hasSuffix("a{k=\"v\"} 1.5 1700000000000\n"))
    }

    @Test func emptyValuesAreLeftOutUnlessTheFamilySaysOtherwise() throws {
        let omitting = try gauge("a", labels: ["x", "y", "z"])
        let keeping = try gauge("b", labels: ["x", "y"], omitsEmpty: false)
        let text = try render([
            TestFamily(omitting, [(["", "2", ""], 1), (["", "", ""], 2)]), TestFamily(keeping, [(["", "2"], 3)]),
        ])
        #expect(text.contains("\na{y=\"2\"} 1\na 2\n"))
        #expect(text.contains("\nb{x=\"\",y=\"2\"} 3\n"))
    }

    @Test func bytesWriterAndNullsFillTheFastPath() throws {
        let family = try gauge("a", labels: ["x", "y", "z"])
        let builder = ExpositionBuilder(encoding: .identity)
        try builder.family(family) { writer in
            try writer.append(value: 7) { labels in
                labels.append([0x61, 0x22])
                labels.appendEmpty()
                Array("z\n".utf8).withUnsafeBufferPointer { labels.append($0) }
            }
        }
        #expect(String(decoding: builder.finish().bytes(), as: UTF8.self).hasSuffix("a{x=\"a\\\"\",z=\"z\\n\"} 7\n"))
    }

    @Test func wrongNumberOfLabelValuesIsRefusedAndNothingRendered() throws {
        let family = try gauge("a", labels: ["x", "y"])
        let builder = ExpositionBuilder(encoding: .identity)
        try builder.family(family) { writer in
            #expect(throws: ExpositionError.self) { try writer.append(labelValues: ["only one"], value: 1) }
            #expect(throws: ExpositionError.self) { try writer.append(labelValues: ["1", "2", "3"], value: 1) }
            try writer.append(labelValues: ["1", "2"], value: 1)
        }
        let body = builder.finish()
        #expect(String(decoding: body.bytes(), as: UTF8.self).hasSuffix("a{x=\"1\",y=\"2\"} 1\n"))
        #expect(body.report.series == 1)
    }

    @Test func aFamilyNameIsWrittenOncePerBody() throws {
        let builder = ExpositionBuilder(encoding: .identity)
        try builder.family(try gauge("a")) { _ in }
        let error = #expect(throws: ExpositionError.self) { try builder.family(try gauge("a")) { _ in } }
        #expect(error?.code == .duplicateFamily)
    }

    @Test func familiesDoNotNestAndWritersDoNotOutliveTheirFamily() throws {
        let builder = ExpositionBuilder(encoding: .identity)
        var kept: FamilyWriter?
        try builder.family(try gauge("a")) { writer in
            kept = writer
            let nested = #expect(throws: ExpositionError.self) { try builder.family(try gauge("b")) { _ in } }
            #expect(nested?.code == .notWritable)
        }
        let late = #expect(throws: ExpositionError.self) { try kept?.append(labelValues: [], value: 1) }
        #expect(late?.code == .notWritable)
        _ = builder.finish()
        let afterFinish = #expect(throws: ExpositionError.self) { try builder.family(try gauge("c")) { _ in } }
        #expect(afterFinish?.code == .notWritable)
    }

    @Test func errorsFromTheCallerPropagateAndKeepEarlierSeries() throws {
        struct Stop: Error {}
        let builder = ExpositionBuilder(encoding: .identity)
        #expect(throws: Stop.self) {
            try builder.family(try gauge("a", labels: ["x"])) { writer in
                try writer.append(labelValues: ["kept"], value: 1)
                throw Stop()
            }
        }
        let body = builder.finish()
        #expect(String(decoding: body.bytes(), as: UTF8.self).hasSuffix("a{x=\"kept\"} 1\n"))
        #expect(builder.finish().byteCount == body.byteCount)
    }

    @Test func invalidNamesAreRefusedWhenTheFamilyIsDeclared() {
        for (name, labels) in [("9a", []), ("a", ["__name__"]), ("a", ["x-y"]), ("a", ["x", "x"]), ("", [])] {
            let error = #expect(throws: ExpositionError.self) {
                try MetricFamily(name: name, help: "", type: .gauge, labelNames: labels)
            }
            #expect(error?.code == .invalidName)
        }
    }

    @Test func bodyReportsItsSizesAndContentHeaders() throws {
        let family = try gauge("a", labels: ["x"])
        let identity = try build([TestFamily(family, [(["1"], 1)])])
        #expect(identity.byteCount == identity.uncompressedByteCount)
        #expect(identity.contentEncoding == nil)
        let gzip = try build([TestFamily(family, [(["1"], 1)])], encoding: .gzip)
        #expect(gzip.contentEncoding == "gzip")
        #expect(gzip.uncompressedByteCount == identity.byteCount)
        #expect(Array(gzip.bytes().prefix(2)) == [0x1F, 0x8B])
        #expect(ExpositionBody.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}
