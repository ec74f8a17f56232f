extension FocusTimestamp {
    /// A parsed timestamp and the zone its text was written in.
    ///
    /// FOCUS requires UTC written with `Z`; readers still meet local times without a zone and offsets. The value is
    /// always converted to UTC; ``zone`` lets a validator warn about the form.
    public struct Parsed: Sendable, Hashable {
        /// The instant, converted to UTC.
        public var timestamp: FocusTimestamp
        /// How the text designated its zone.
        public var zone: Zone

        /// How the text designated its time zone.
        public enum Zone: Sendable, Hashable {
            /// `Z`, `+00:00`, `-0000` or `+00`.
            case utc
            /// A non-zero offset east of UTC in minutes (`+02:00` is 120); the value was converted to UTC.
            case offset(minutes: Int)
            /// No designator (or a date without a time); read as UTC.
            case noZone
        }

        /// A parse result (for tests and other readers).
        public init(timestamp: FocusTimestamp, zone: Zone) {
            self.timestamp = timestamp
            self.zone = zone
        }

        /// Whether the text said explicitly that it is in UTC.
        public var isUTCExplicit: Bool {
            if case .utc = zone { return true }
            return false
        }
    }

    /// Parses the ISO 8601 / RFC 3339 forms seen in FOCUS data, without allocating.
    ///
    /// `YYYY-MM-DD`, optionally followed by `T`, `t` or a space and `hh:mm[:ss[.fraction]]`, optionally followed by
    /// `Z`/`z`, `±hh:mm`, `±hhmm` or `±hh`. A fraction has 1–9 digits and is truncated to microseconds. `24:00:00`
    /// (end of day) is the next midnight. Rejects invalid dates (February 30, month 13), hours past 24, minutes or
    /// seconds past 59, and anything left over.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed? {
        var cursor = ByteCursor(bytes)
        guard let year = cursor.number(digits: 4), cursor.skip("-"), let month = cursor.number(digits: 2),
            cursor.skip("-"), let day = cursor.number(digits: 2), (1...12).contains(month), day >= 1,
            day <= CivilCalendar.daysInMonth(year: year, month: month)
        else { return nil }
        let days = CivilCalendar.daysFromCivil(year: year, month: month, day: day)
        if cursor.isAtEnd {
            return Parsed(timestamp: FocusTimestamp(microsecondsSinceEpoch: days * 86_400_000_000), zone: .noZone)
        }
        guard cursor.skip("T") || cursor.skip("t") || cursor.skip(" "), let hour = cursor.number(digits: 2),
            cursor.skip(":"), let minute = cursor.number(digits: 2)
        else { return nil }
        var second = 0
        var microsecond = 0
        if cursor.skip(":") {
            guard let value = cursor.number(digits: 2) else { return nil }
            second = value
            if cursor.skip(".") || cursor.skip(",") {
                guard let fraction = cursor.fractionMicroseconds() else { return nil }
                microsecond = fraction
            }
        }
        let endOfDay = hour == 24 && minute == 0 && second == 0 && microsecond == 0
        guard hour < 24 || endOfDay, minute <= 59, second <= 59 else { return nil }
        guard let zone = cursor.zone(), cursor.isAtEnd else { return nil }
        var offsetMinutes = 0
        if case .offset(let minutes) = zone { offsetMinutes = minutes }
        let localSeconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let utcSeconds = localSeconds - Int64(offsetMinutes) * 60
        return Parsed(
            timestamp: FocusTimestamp(microsecondsSinceEpoch: utcSeconds * 1_000_000 + Int64(microsecond)), zone: zone)
    }
}

/// Reads fixed-width fields from the bytes of one timestamp.
private struct ByteCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var isAtEnd: Bool { index == bytes.count }

    /// Consumes `character` when it is next.
    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// Exactly `digits` ASCII digits as a number.
    mutating func number(digits: Int) -> Int? {
        guard bytes.count - index >= digits else { return nil }
        var value = 0
        for _ in 0..<digits {
            guard let digit = decimalDigit(bytes[index]) else { return nil }
            value = value * 10 + digit
            index += 1
        }
        return value
    }

    /// 1–9 fraction digits, truncated to microseconds.
    mutating func fractionMicroseconds() -> Int? {
        var value = 0
        var count = 0
        while index < bytes.count, let digit = decimalDigit(bytes[index]) {
            count += 1
            guard count <= 9 else { return nil }
            if count <= 6 { value = value * 10 + digit }
            index += 1
        }
        guard count > 0 else { return nil }
        while count < 6 {
            value *= 10
            count += 1
        }
        return value
    }

    /// The zone designator (`Z`, `±hh[[:]mm]`) or ``FocusTimestamp/Parsed/Zone/noZone`` at the end.
    mutating func zone() -> FocusTimestamp.Parsed.Zone? {
        if isAtEnd { return .noZone }
        if skip("Z") || skip("z") { return .utc }
        let sign: Int
        if skip("+") {
            sign = 1
        } else if skip("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(digits: 2), hours <= 23 else { return nil }
        var minutes = 0
        if !isAtEnd {
            _ = skip(":")
            guard let value = number(digits: 2), value <= 59 else { return nil }
            minutes = value
        }
        let offset = sign * (hours * 60 + minutes)
        return offset == 0 ? .utc : .offset(minutes: offset)
    }
}
