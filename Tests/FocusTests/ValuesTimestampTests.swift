import Focus
import Testing

@Suite struct ValuesTimestampTests {
    private func parse(_ text: String) -> FocusTimestamp.Parsed? {
        var text = text
        return text.withUTF8 { FocusTimestamp.parse($0) }
    }

    @Test(arguments: [
        ("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        ("2024-01-01t00:00:00z", "2024-01-01T00:00:00Z"),
        ("2024-02-29T12:34:56.5Z", "2024-02-29T12:34:56.5Z"),
        ("2024-02-29T12:34:56.123456789Z", "2024-02-29T12:34:56.123456Z"),
        ("2024-02-29T12:34:56,25Z", "2024-02-29T12:34:56.25Z"),
        ("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00Z"),
        ("2024-01-01T00:00:00-0000", "2024-01-01T00:00:00Z"),
        ("2024-01-01T00:00Z", "2024-01-01T00:00:00Z"),
        ("1969-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.999999Z"),
        ("0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
    ])
    func parsesUTCForms(text: String, canonical: String) throws {
        let parsed = try #require(parse(text))
        #expect(parsed.isUTCExplicit)
        #expect(parsed.timestamp.description == canonical)
    }

    @Test(arguments: [
        ("2024-01-01T02:00:00+02:00", "2024-01-01T00:00:00Z", 120),
        ("2024-01-01T05:30:00+0530", "2024-01-01T00:00:00Z", 330),
        ("2023-12-31T16:00:00-08", "2024-01-01T00:00:00Z", -480),
        ("2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00Z", 60),
    ])
    func convertsOffsetsToUTC(text: String, utc: String, minutes: Int) throws {
        let parsed = try #require(parse(text))
        #expect(parsed.timestamp.description == utc)
        #expect(parsed.zone == .offset(minutes: minutes))
        #expect(!parsed.isUTCExplicit)
    }

    @Test func readsTextWithoutZoneAsUTCButSaysSo() throws {
        let spaced = try #require(parse("2024-01-01 10:00:00"))
        #expect(spaced.timestamp.description == "2024-01-01T10:00:00Z")
        #expect(spaced.zone == .noZone)
        let dateOnly = try #require(parse("2024-01-01"))
        #expect(dateOnly.timestamp == FocusTimestamp(year: 2024, month: 1, day: 1))
        #expect(dateOnly.zone == .noZone)
    }

    @Test func endOfDayIsTheNextMidnight() throws {
        #expect(parse("2024-12-31T24:00:00Z")?.timestamp.description == "2025-01-01T00:00:00Z")
        #expect(parse("2024-12-31T24:00:01Z") == nil)
        #expect(parse("2024-12-31T24:00:00.1Z") == nil)
    }

    @Test(arguments: [
        "", "2024", "2024-1-01", "2024-01-1", "2024-13-01", "2024-00-10", "2024-01-00", "2023-02-29", "2024-02-30",
        "2024-04-31", "2024-01-01T25:00:00Z", "2024-01-01T23:60:00Z", "2024-01-01T23:59:60Z", "2024-01-01T00:00:00.Z",
        "2024-01-01T00:00:00.1234567890Z", "2024-01-01T00:00:00+24:00", "2024-01-01T00:00:00+01:60",
        "2024-01-01T00:00:00 Z", "2024-01-01T00:00:00Zjunk", "2024-01-01X00:00:00Z", "2024-01-01T0:00:00Z",
        "+2024-01-01", "2024/01/01", "١٢٣٤-01-01",
    ])
    func rejectsInvalidDatesAndForms(text: String) {
        #expect(parse(text) == nil)
    }

    @Test func convertsToAndFromSeconds() throws {
        let timestamp = FocusTimestamp(secondsSinceEpoch: 1_704_067_200)
        #expect(timestamp.description == "2024-01-01T00:00:00Z")
        #expect(timestamp.secondsSinceEpoch == 1_704_067_200)
        let beforeEpoch = FocusTimestamp(microsecondsSinceEpoch: -1)
        #expect(beforeEpoch.secondsSinceEpoch == -1)
        #expect(beforeEpoch.description == "1969-12-31T23:59:59.999999Z")
        #expect(try #require(FocusTimestamp("2024-01-01T00:00:00.5Z")).timeIntervalSinceEpoch == 1_704_067_200.5)
    }

    @Test func calendarInitialiserRejectsImpossibleDates() {
        #expect(FocusTimestamp(year: 2023, month: 2, day: 29) == nil)
        #expect(FocusTimestamp(year: 2000, month: 2, day: 29) != nil)
        #expect(FocusTimestamp(year: 1900, month: 2, day: 29) == nil)
        #expect(FocusTimestamp(year: 2024, month: 13, day: 1) == nil)
        #expect(FocusTimestamp(year: 2024, month: 1, day: 1, hour: 24) == nil)
    }

    /// Reference: walk day by day from the epoch with a month-length table and compare every date's day number.
    @Test func dayArithmeticMatchesADayByDayWalk() throws {
        var year = 1970
        var month = 1
        var day = 1
        for days in 0..<(366 * 60) {
            let timestamp = try #require(FocusTimestamp(year: year, month: month, day: day))
            #expect(timestamp.secondsSinceEpoch == Int64(days) * 86_400)
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let length = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            day += 1
            if day > length {
                day = 1
                month += 1
                if month > 12 {
                    month = 1
                    year += 1
                }
            }
        }
    }

    /// Property: any instant in years 0000–9999 prints and parses back to itself, and ordering follows the value.
    @Test func descriptionRoundTripsExactly() throws {
        var random = SeededRandom(seed: 3)
        let lowest = try #require(FocusTimestamp("0000-01-01T00:00:00Z")).microsecondsSinceEpoch
        let highest = try #require(FocusTimestamp("9999-12-31T23:59:59.999999Z")).microsecondsSinceEpoch
        for _ in 0..<5000 {
            let value = FocusTimestamp(microsecondsSinceEpoch: Int64.random(in: lowest...highest, using: &random))
            let parsed = try #require(parse(value.description), "\(value)")
            #expect(parsed.timestamp == value)
            #expect(parsed.isUTCExplicit)
        }
    }
}
