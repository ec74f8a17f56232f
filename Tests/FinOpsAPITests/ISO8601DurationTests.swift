import FinOpsAPI
import Testing

/// `ISO8601Duration` reads `MetricConfig.interval` values such as `PT15M` and keeps their text.
@Suite struct ISO8601DurationTests {
    @Test(
        arguments: [
            ("PT15M", Duration.seconds(900)), ("PT1H", .seconds(3600)), ("P1D", .seconds(86_400)),
            ("P1W", .seconds(604_800)), ("PT1M", .seconds(60)), ("PT0.5S", .milliseconds(500)),
            ("PT1,5H", .seconds(5400)), ("P1DT12H", .seconds(129_600)), ("PT1H30M15S", .seconds(5415)),
        ])
    func parsesFixedDurations(_ text: String, _ expected: Duration) throws {
        let duration = try #require(ISO8601Duration(text))
        #expect(duration.fixedDuration == expected)
        #expect(duration.description == text)
        #expect(!duration.isZero)
    }

    @Test func yearsAndMonthsHaveNoFixedLength() throws {
        let duration = try #require(ISO8601Duration("P1Y2M10DT2H30M"))
        #expect(duration.years == 1 && duration.months == 2 && duration.days == 10)
        #expect(duration.hours == 2 && duration.minutes == 30)
        #expect(duration.fixedDuration == nil)
    }

    @Test func zeroIsRecognized() throws {
        #expect(try #require(ISO8601Duration("PT0S")).isZero)
        #expect(try #require(ISO8601Duration("P0D")).isZero)
    }

    @Test(arguments: [
        "", "P", "PT", "P1DT", "15M", "PT15", "P1H", "PT1D", "PT1M1H", "P1D1D", "PT1.5H30M", "-PT1H", "pt1h", "PT1.H",
        "P 1D",
    ])
    func rejectsMalformedText(_ text: String) {
        #expect(ISO8601Duration(text) == nil, "\(text)")
    }
}
