import FinOpsAPI
import KubeCore
import Testing

/// The rules of `spec.focusExport`, each error naming the field to fix.
@Suite struct FocusExportRulesTests {
    func export(_ block: String) throws -> NormalizedFocusExport? {
        try escSpec("exporterConfig: {url: http://x, pollingInterval: 2h}\nfocusExport: {\(block)}")
            .normalized(defaultNamespace: "ns").focusExport
    }

    func fields(_ block: String) throws -> [String]? {
        normalizationError(try escSpec("exporterConfig: {url: http://x}\nfocusExport: {\(block)}"))?.fields
    }

    @Test func defaultsAreDailyZstdParquetWithThreeDaysLookbackAndThirtyBackfill() throws {
        let model = try #require(try export("destination: s3://focus-bucket/exports/aws"))
        #expect(model.destination == .s3(bucket: "focus-bucket", prefix: "exports/aws/"))
        #expect(model.format == .parquet && model.compression == .zstd && model.granularity == .daily)
        #expect(model.lookbackDays == 3 && model.backfillDays == 30)
        #expect(model.interval == .seconds(7200) && model.credentials == nil && model.fileName == nil)
    }

    @Test func everySettingIsTaken() throws {
        let model = try #require(
            try export(
                """
                destination: "file:///var/lib/focus/", format: CSV, compression: gzip, granularity: hourly,
                lookbackDays: 1, backfillDays: 7, copyPrefix: /byod, tagAllowlist: [team], providerName: Acme,
                publisherName: Acme, invoiceIssuerName: Acme Inc, fileName: aws-costs, interval: 30m,
                credentialsSecretRef: {name: s3-keys}, region: eu-west-1, endpoint: "http://minio:9000", pathStyle: true
                """))
        #expect(model.destination == .directory("/var/lib/focus"))
        #expect(model.format == .csv && model.compression == .gzip && model.granularity == .hourly)
        #expect(model.lookbackDays == 1 && model.backfillDays == 7 && model.copyPrefix == "byod/")
        #expect(model.credentials == ObjectKey(namespace: "ns", name: "s3-keys"))
        #expect(model.interval == .seconds(1800) && model.fileName == "aws-costs" && model.pathStyle == true)
        // CSV defaults to no compression.
        #expect(
            try export("destination: \"file:///x\", format: csv")?.compression == NormalizedFocusExport.Compression.none
        )
    }

    @Test func badValuesNameTheirFields() throws {
        #expect(try fields("format: parquet") == ["spec.focusExport.destination"])
        #expect(try fields("destination: http://bucket") == ["spec.focusExport.destination"])
        #expect(try fields("destination: s3://Bad_Bucket/x") == ["spec.focusExport.destination"])
        #expect(try fields("destination: \"file:///a/../b\"") == ["spec.focusExport.destination"])
        #expect(
            try fields("destination: s3://bucket, format: avro, compression: lz4, granularity: weekly")
                == ["spec.focusExport.format", "spec.focusExport.compression", "spec.focusExport.granularity"])
        #expect(
            try fields("destination: s3://bucket, format: csv, compression: snappy") == ["spec.focusExport.compression"]
        )
        #expect(
            try fields("destination: s3://bucket, lookbackDays: 10, backfillDays: 5") == [
                "spec.focusExport.backfillDays"
            ])
        #expect(try fields("destination: s3://bucket, fileName: a/b") == ["spec.focusExport.fileName"])
        #expect(try fields("destination: s3://bucket, interval: soon") == ["spec.focusExport.interval"])
        #expect(try fields("destination: s3://bucket, endpoint: minio:9000") == ["spec.focusExport.endpoint"])
    }
}
