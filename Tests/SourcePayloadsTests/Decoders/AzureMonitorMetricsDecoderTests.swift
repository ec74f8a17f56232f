import Focus
import Testing

@testable import SourcePayloads

@Suite struct AzureMonitorMetricsDecoderTests {
    static let vm =
        "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-finops/providers/Microsoft.Compute/"
        + "virtualMachines/vm-web-01"

    @Test func dataPointsBecomeUsageRowsInKrateosColumnOrder() throws {
        let decoded = try AzureMonitorMetricsDecoder(resourceID: Self.vm).decode(
            Fixtures.bytes("azure-monitor-vm-cpu.json"))
        #expect(
            Array(decoded.rows.header.names.prefix(5)) == ["ResourceId", "metricName", "timestamp", "average", "unit"])
        #expect(decoded.rows.header.names == AzureMonitorMetricsDecoder.columns)
        #expect(decoded.rows.rowCount == 4, "the point without any aggregation is left out")
        #expect(
            decoded.rows.row(0) == [
                Self.vm, "Percentage CPU", "2024-04-30T00:00:00Z", "2.3675", "Percent", nil, nil, nil, nil, nil,
            ])
        #expect(decoded.rows.column("average") == ["2.3675", "2.1408333333333336", "0.000062", "11.52"])
        #expect(decoded.problems.isEmpty)
    }

    @Test func dimensionsAndOtherAggregationsHaveTheirColumns() throws {
        let decoded = try AzureMonitorMetricsDecoder(resourceID: "/r").decode(
            Fixtures.bytes("azure-monitor-storage-dimensions.json"))
        #expect(decoded.rows.rowCount == 5)
        #expect(
            decoded.rows.fields(0) == [
                "ResourceId": "/r", "metricName": "Transactions", "timestamp": "2024-04-30T00:00:00Z", "unit": "Count",
                "total": "1520", "count": "38", "dimensions": #"{"apiname":"GetBlob"}"#,
            ])
        #expect(decoded.rows.column("dimensions")[2] == #"{"apiname":"PutBlob"}"#)
        #expect(decoded.rows.fields(4)["maximum"] == "5368709120")
        #expect(decoded.rows.fields(4)["dimensions"] == nil)
    }

    @Test func errorResponseIsATypedError() throws {
        #expect {
            try AzureMonitorMetricsDecoder(resourceID: "/r").decode(Fixtures.bytes("azure-monitor-error.json"))
        } throws: { error in
            guard let error = error as? PayloadError else { return false }
            #expect(error.code == .sourceReportedError)
            #expect(error.sourceErrorType == "BadRequest")
            #expect(error.path.description == "$.error")
            #expect(error.message.hasPrefix("Azure Monitor reported BadRequest: Failed to find metric configuration"))
            return true
        }
    }

    @Test func unreadablePartsAreSkippedWithTheirPath() throws {
        let payload = #"""
            {"value":[
              {"name":{"value":"A"},"unit":"Count","errorCode":"Throttled","errorMessage":"slow down","timeseries":[
                {"metadatavalues":[{"name":{"value":"d"},"value":"x"},{"value":"no name"}],"data":[
                  {"timeStamp":"2024-04-30T00:00:00Z","total":1},{"total":2},{"timeStamp":"noon","total":3},
                  {"timeStamp":"2024-04-30T01:00:00+01:00","total":"4","count":5},7]},
                "series"]},
              {"unit":"Count"},
              {"name":{"value":"B"},"timeseries":{}},
              []]}
            """#
        let decoded = try AzureMonitorMetricsDecoder(resourceID: "/r").decode(Array(payload.utf8))
        #expect(decoded.rows.column("timestamp") == ["2024-04-30T00:00:00Z", "2024-04-30T00:00:00Z"])
        #expect(decoded.rows.column("total") == ["1", nil])
        #expect(decoded.rows.column("count") == [nil, "5"])
        #expect(
            decoded.problems.map(\.description) == [
                "$.value[0].errorCode: Azure reported Throttled for metric A: slow down",
                "$.value[0].timeseries[0].metadatavalues[1]: dimension dropped: no name.value string",
                "$.value[0].timeseries[0].data[1].timeStamp: data point skipped: no timeStamp string",
                #"$.value[0].timeseries[0].data[2].timeStamp: data point skipped: "noon" is not an RFC 3339 date-time"#,
                "$.value[0].timeseries[0].data[3].total: value dropped: expected a number, found string",
                "$.value[0].timeseries[0].data[4]: data point skipped: expected an object, found number",
                "$.value[0].timeseries[1]: series skipped: expected an object, found string",
                "$.value[1].name: metric skipped: no name.value string",
                "$.value[2].timeseries: metric skipped: expected an array, found object",
                "$.value[3]: metric skipped: expected an object, found array",
            ])
    }

    @Test func missingOrWrongValueIsAnError() {
        let cases: [(String, String)] = [
            (#"{"cost":0}"#, #"$.value: missing array of metrics "value""#),
            (#"{"value":{}}"#, "$.value: expected an array of metrics, found object"),
            ("[]", "$: expected an Azure Monitor metrics response object, found array"),
        ]
        for (payload, description) in cases {
            #expect {
                try AzureMonitorMetricsDecoder(resourceID: "/r").decode(Array(payload.utf8))
            } throws: { ($0 as? PayloadError)?.description == description }
        }
    }
}
