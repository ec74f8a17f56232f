import FinOpsPipelines
import Testing

/// The `reason` label of the failure counters: the condition reason in snake case, acronyms whole.
@Suite struct ScrapeFailureLabelTests {
    @Test(arguments: [
        ("DatabaseUnreachable", "database_unreachable"), ("DatabaseTLSFailed", "database_tls_failed"),
        ("SourceHTTPError", "source_http_error"), ("ObjectStoreAccessDenied", "object_store_access_denied"),
        ("S3Unreachable", "s3_unreachable"), ("TLS", "tls"),
    ])
    func reasonsBecomeSnakeCase(_ reason: String, _ label: String) {
        #expect(ScrapeFailure(reason: reason, message: "", isRetriable: false).metricLabel == label)
    }
}
