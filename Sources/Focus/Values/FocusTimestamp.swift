/// An instant in UTC with microsecond precision, as FOCUS date/time columns carry it (`2024-01-01T00:00:00Z`).
///
/// Microseconds since the Unix epoch in an `Int64` cover every four-digit year (0000–9999), which is all ISO 8601
/// basic dates can write. Parsing and printing are pure integer code (days-from-civil), no calendar or formatter.
public struct FocusTimestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Microseconds since 1970-01-01T00:00:00Z (negative before it).
    public let microsecondsSinceEpoch: Int64

    /// An instant `microsecondsSinceEpoch` after 1970-01-01T00:00:00Z.
    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    /// Whole seconds since the epoch.
    public init(secondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = secondsSinceEpoch * 1_000_000
    }

    /// Parses any form ``parse(_:)`` accepts; the zone it was written in is dropped (see ``Parsed`` to keep it).
    public init?(_ text: some StringProtocol) {
        var text = String(text)
        guard let parsed = text.withUTF8({ Self.parse($0) }) else { return nil }
        self = parsed.timestamp
    }

    /// A calendar date and time of day in UTC; `nil` when any field is out of range (month 13, February 30, …).
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0)
    {
        guard (0...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= CivilCalendar.daysInMonth(year: year, month: month), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second), (0...999_999).contains(microsecond)
        else { return nil }
        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        let seconds = ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60 + Int64(second)
        self.microsecondsSinceEpoch = seconds * 1_000_000 + Int64(microsecond)
    }

    /// Whole seconds since the epoch, rounded towards the past.
    public var secondsSinceEpoch: Int64 {
        microsecondsSinceEpoch >= 0
            ? microsecondsSinceEpoch / 1_000_000 : (microsecondsSinceEpoch - 999_999) / 1_000_000
    }

    /// Seconds since the epoch with the fraction, for exposition formats that carry floats (Prometheus).
    public var timeIntervalSinceEpoch: Double { Double(microsecondsSinceEpoch) / 1_000_000 }

    /// The UTC calendar month holding this instant: its first instant and the first instant of the next month
    /// (FOCUS billing periods of sources that bill by calendar month).
    public var calendarMonth: (start: FocusTimestamp, end: FocusTimestamp) {
        let seconds = secondsSinceEpoch
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, _) = CivilCalendar.civilFromDays(days)
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        let start = CivilCalendar.daysFromCivil(year: year, month: month, day: 1)
        let end = CivilCalendar.daysFromCivil(year: next.0, month: next.1, day: 1)
        return (FocusTimestamp(secondsSinceEpoch: start * 86_400), FocusTimestamp(secondsSinceEpoch: end * 86_400))
    }

    /// Microseconds within the second, 0…999 999.
    var microsecondOfSecond: Int64 { microsecondsSinceEpoch - secondsSinceEpoch * 1_000_000 }

    public static func < (lhs: FocusTimestamp, rhs: FocusTimestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }

    /// `2024-01-01T00:00:00Z`; a fraction only when non-zero, without trailing zeros (`…:00.25Z`).
    public var description: String {
        let seconds = secondsSinceEpoch
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilCalendar.civilFromDays(days)
        var text = padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
        text += "T" + padded(Int(secondOfDay / 3600), 2) + ":" + padded(Int(secondOfDay / 60 % 60), 2) + ":"
        text += padded(Int(secondOfDay % 60), 2)
        var fraction = microsecondOfSecond
        if fraction != 0 {
            var digits = 6
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            text += "." + padded(Int(fraction), digits)
        }
        return text + "Z"
    }
}

/// `value` in decimal, left-padded with zeros to `width` digits (negative years are not representable, so no sign).
private func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01), after Howard Hinnant's
/// `days_from_civil` / `civil_from_days`: exact for every date, no tables, no loops.
public enum CivilCalendar {
    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a valid civil date.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number.
    public static func civilFromDays(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
