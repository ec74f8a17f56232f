import Focus
import Testing

@testable import SourcePayloads

@Suite struct PrometheusQueryDecoderTests {
    @Test func vectorHasOneColumnPerLabelThenValueAndTimestamp() throws {
        let decoded = try PrometheusQueryDecoder().decode(Fixtures.bytes("prometheus-vector.json"))
        #expect(
            decoded.rows.header.names == ["metric_name", "instance", "job", "namespace", "pod", "value", "timestamp"])
        #expect(
            decoded.rows.row(0) == [
                "up", "10.244.0.12:2112", "finops-exporter", "krateo-system", nil, "1", "2024-05-01T12:34:56.781Z",
            ])
        #expect(decoded.rows.row(1)[4] == "exporter-azure-7d9c")
        #expect(decoded.problems.isEmpty)
    }

    @Test func matrixHasOneRowPerSampleAndKeepsValueText() throws {
        let decoded = try PrometheusQueryDecoder().decode(Fixtures.bytes("prometheus-matrix.json"))
        #expect(decoded.rows.header.names == ["container", "namespace", "value", "timestamp"])
        #expect(decoded.rows.column("value") == ["0.0021875", "0.0019271", "NaN", "0.0412", "+Inf"])
        #expect(
            decoded.rows.column("timestamp") == [
                "2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z", "2024-05-01T14:00:00Z", "2024-05-01T12:00:00Z",
                "2024-05-01T13:00:00Z",
            ])
        #expect(decoded.problems.count == 1)
        #expect(decoded.problems.first?.path.description == "$.warnings[0]")
    }

    @Test func scalarIsOneRowWithoutLabels() throws {
        let decoded = try PrometheusQueryDecoder().decode(Fixtures.bytes("prometheus-scalar.json"))
        #expect(decoded.rows.header.names == ["value", "timestamp"])
        #expect(decoded.rows.row(0) == ["42.125", "2024-05-01T12:34:56.5Z"])
    }

    @Test func statusErrorIsATypedErrorWithPrometheusErrorType() throws {
        #expect {
            try PrometheusQueryDecoder().decode(Fixtures.bytes("prometheus-error.json"))
        } throws: { error in
            guard let error = error as? PayloadError else { return false }
            #expect(error.code == .sourceReportedError)
            #expect(error.sourceErrorType == "bad_data")
            #expect(
                error.description
                    == #"$.error: Prometheus reported bad_data: invalid parameter "query": 1:18: parse error: "#
                    + "unexpected right parenthesis ')'"
            )
            return true
        }
    }

    @Test func truncatedResponseIsMalformedJSONWithPosition() throws {
        #expect {
            try PrometheusQueryDecoder().decode(Fixtures.bytes("prometheus-truncated.json"))
        } throws: { error in
            guard let error = error as? PayloadError else { return false }
            #expect(error.code == .malformedJSON)
            #expect(error.parseError?.code == .unexpectedEnd)
            #expect(error.parseError?.offset == 300)
            return true
        }
    }

    @Test func labelNamesAreMadeColumnNamesLikeKrateo() throws {
        let payload = #"""
            {"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"__name__":"m","_hidden_":"h","9lives":"c","dotted.name":"d","value":"v","timestamp":"t"},
             "value":[0,"1"]}]}}
            """#
        let decoded = try PrometheusQueryDecoder().decode(Array(payload.utf8))
        #expect(
            decoded.rows.header.names == [
                "label_9lives", "metric_name", "hidden", "dotted_name", "timestamp_2", "value_2", "value", "timestamp",
            ])
    }

    @Test func unreadableSamplesAreSkippedWithTheirPath() throws {
        let payload = #"""
            {"status":"success","data":{"resultType":"matrix","result":[
            {"metric":{"a":"1"},"values":[[1,"1"],[1],["soon","2"],[1e30,"3"],[2,{"v":1}],[3,"4"]]},
            {"metric":"oops","values":[]},
            {"metric":{"a":"2"},"histograms":[[1,{"count":"1"}]]},
            {"metric":{"a":"3"},"values":{}}, 5]}}
            """#
        let decoded = try PrometheusQueryDecoder().decode(Array(payload.utf8))
        let notATime = "is not a time in Unix seconds between years 0 and 9999"
        #expect(decoded.rows.column("value") == ["1", "4"])
        #expect(
            decoded.problems.map(\.description) == [
                "$.data.result[1].metric: series skipped: expected an object of labels, found string",
                "$.data.result[2]: native histogram samples are not supported; series skipped",
                "$.data.result[3].values: series skipped: expected an array of [time, value], found object",
                "$.data.result[4]: series skipped: expected an object, found number",
                #"$.data.result[0].values[1]: sample skipped: expected [time, "value"], found [1]"#,
                #"$.data.result[0].values[2][0]: sample skipped: "soon" "# + notATime,
                "$.data.result[0].values[3][0]: sample skipped: 1e30 " + notATime,
                "$.data.result[0].values[4][1]: sample skipped: expected the value as a string, found object",
            ])
    }

    @Test func missingAndWrongMembersAreErrorsNamingThePath() {
        let cases: [(String, PayloadError.Code, String)] = [
            (#"{"data":{}}"#, .missingField, #"$.status: missing string "status""#),
            (#"{"status":"pending"}"#, .invalidValue, #"$.status: expected "success" or "error", found "pending""#),
            (#"{"status":"success"}"#, .missingField, #"$.data: missing object "data""#),
            (#"{"status":"success","data":[]}"#, .wrongType, "$.data: expected an object, found array"),
            (
                #"{"status":"success","data":{"result":[]}}"#, .missingField,
                #"$.data.resultType: missing string "resultType""#
            ),
            (
                #"{"status":"success","data":{"resultType":"vector"}}"#, .missingField,
                #"$.data.result: missing member "result""#
            ),
            (
                #"{"status":"success","data":{"resultType":"streams","result":[]}}"#, .invalidValue,
                #"$.data.resultType: expected "vector", "matrix", "scalar" or "string", found "streams""#
            ),
            (
                #"{"status":"success","data":{"resultType":"vector","result":{}}}"#, .wrongType,
                "$.data.result: expected an array of series, found object"
            ),
            (#"[]"#, .wrongType, "$: expected a Prometheus API response object, found array"),
        ]
        for (payload, code, description) in cases {
            #expect {
                try PrometheusQueryDecoder().decode(Array(payload.utf8))
            } throws: { error in
                let error = error as? PayloadError
                #expect(error?.code == code, "\(payload)")
                #expect(error?.description == description)
                return error != nil
            }
        }
    }
}
