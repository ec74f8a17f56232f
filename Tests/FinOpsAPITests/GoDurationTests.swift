import FinOpsAPI
import Testing

/// `GoDuration` parses exactly what Go's `time.ParseDuration` parses.
@Suite struct GoDurationTests {
    @Test(
        arguments: [
            ("1h", Int64(3_600_000_000_000)), ("30m", 1_800_000_000_000), ("1h30m", 5_400_000_000_000),
            ("90s", 90_000_000_000), ("1.5h", 5_400_000_000_000), ("500ms", 500_000_000), ("0", 0), ("0s", 0),
            ("+5s", 5_000_000_000), ("-1m", -60_000_000_000), ("1us", 1_000), ("1µs", 1_000), ("1μs", 1_000),
            ("3ns", 3), (".5s", 500_000_000), ("1.s", 1_000_000_000), ("2h45m30.5s", 9_930_500_000_000),
            ("1.0000000001s", 1_000_000_000), ("2562047h47m16.854775807s", Int64.max),
            ("-2562047h47m16.854775808s", Int64.min),
        ])
    func parsesGoDurations(_ text: String, _ nanoseconds: Int64) {
        #expect(GoDuration.parseNanoseconds(text) == nanoseconds, "\(text)")
    }

    @Test(arguments: [
        "", "1", "h", "1d", "1 h", "1h ", "1H", "1.h.5", ".", ".s", "-", "1h-5m", "9223372036854775808ns", "2562048h",
    ])
    func rejectsWhatGoRejects(_ text: String) {
        #expect(GoDuration.parse(text) == nil, "\(text)")
    }

    @Test func parseReturnsASwiftDuration() {
        #expect(GoDuration.parse("1h30m") == .seconds(5400))
        #expect(GoDuration.parse("250ms") == .milliseconds(250))
    }

    @Test(
        arguments: [
            ("0s", "0s"), ("1h", "1h0m0s"), ("90s", "1m30s"), ("1.5s", "1.5s"), ("500ms", "500ms"), ("1.5ms", "1.5ms"),
            ("2µs", "2µs"), ("3ns", "3ns"), ("-1m", "-1m0s"), ("26h3m4.005s", "26h3m4.005s"),
        ])
    func formatsLikeGo(_ input: String, _ expected: String) throws {
        let duration = try #require(GoDuration.parse(input))
        #expect(GoDuration.format(duration) == expected)
        #expect(GoDuration.parse(expected) == duration)
    }
}
