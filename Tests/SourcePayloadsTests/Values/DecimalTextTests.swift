import Testing

@testable import SourcePayloads

@Suite struct DecimalTextTests {
    @Test(arguments: [
        ("12.50", "12.50"), ("27k", "27000"), ("500m", "0.500"), ("12500m", "12.500"), ("1.5Ki", "1536"),
        ("0.1Ki", "102.4"), ("-1.5Mi", "-1572864"), ("1e3", "1000"), ("2E-3", "0.002"), ("+.5", "0.5"),
        ("1E", "1000000000000000000"), ("3", "3"), ("250n", "0.000000250"),
    ])
    func quantitiesBecomePlainDecimals(_ input: String, _ expected: String) {
        #expect(DecimalText.plain(quantity: input) == expected)
    }

    @Test(arguments: ["", "k", "Ki", "1e3k", "1.2.3", "12 EUR", "0x10", "1Kb", "NaN"])
    func nonQuantitiesAreRefused(_ input: String) {
        #expect(DecimalText.plain(quantity: input) == nil)
    }

    @Test func jsonNumbersExpandExponentsAndKeepDigits() {
        #expect(DecimalText.plain(jsonNumber: "6.2E-05") == "0.000062")
        #expect(DecimalText.plain(jsonNumber: "2.1408333333333336") == "2.1408333333333336")
        #expect(DecimalText.plain(jsonNumber: "5368709120") == "5368709120")
        #expect(DecimalText.plain(jsonNumber: "1e400") == nil, "beyond 38 digits")
    }

    @Test func prometheusTimesAreExact() {
        #expect(PrometheusTimestamp.rfc3339(epochSeconds: "1435781451.781") == "2015-07-01T20:10:51.781Z")
        #expect(PrometheusTimestamp.rfc3339(epochSeconds: "1714564800") == "2024-05-01T12:00:00Z")
        #expect(PrometheusTimestamp.rfc3339(epochSeconds: "-1.25") == "1969-12-31T23:59:58.75Z")
        #expect(PrometheusTimestamp.rfc3339(epochSeconds: "1.5e9") == "2017-07-14T02:40:00Z")
        #expect(PrometheusTimestamp.rfc3339(epochSeconds: "1.0000001") == "1970-01-01T00:00:01Z", "below a µs")
        #expect(PrometheusTimestamp.rfc3339(epochSeconds: "253402300800") == nil, "year 10000")
        #expect(PrometheusTimestamp.rfc3339(epochSeconds: "1e30") == nil)
        #expect(PrometheusTimestamp.rfc3339(epochSeconds: "soon") == nil)
    }
}
