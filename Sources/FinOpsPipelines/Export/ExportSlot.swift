import FinOpsAPI

/// One UTC hour or day: the time a FOCUS file holds, by its rows' `ChargePeriodStart`.
public struct ExportSlot: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let granularity: NormalizedFocusExport.Granularity
    /// Seconds since the epoch, aligned to the granularity.
    public let start: Int64

    public var seconds: Int64 { Self.length(granularity) }
    public var end: Int64 { start + seconds }

    static func length(_ granularity: NormalizedFocusExport.Granularity) -> Int64 {
        granularity == .hourly ? 3600 : 86_400
    }

    /// The slot holding the instant `seconds` since the epoch.
    public init(containing seconds: Int64, granularity: NormalizedFocusExport.Granularity) {
        let length = Self.length(granularity)
        var aligned = seconds - seconds % length
        if seconds % length < 0 { aligned -= length }
        self.init(granularity: granularity, start: aligned)
    }

    init(granularity: NormalizedFocusExport.Granularity, start: Int64) {
        self.granularity = granularity
        self.start = start
    }

    public static func < (lhs: ExportSlot, rhs: ExportSlot) -> Bool { lhs.start < rhs.start }

    /// The next slot.
    public var next: ExportSlot { ExportSlot(granularity: granularity, start: end) }

    /// Calendar fields of the start, UTC.
    public var civil: (year: Int, month: Int, day: Int, hour: Int) {
        let (year, month, day) = Self.civilDate(daysSinceEpoch: Int(start.floorDivided(by: 86_400)))
        return (year, month, day, Int(start.floorModulo(86_400) / 3600))
    }

    /// `2026-11-23` (daily) or `2026-11-23T14:00:00Z` (hourly).
    public var description: String {
        let date = Self.dateText(civil)
        return granularity == .daily ? date : "\(date)T\(Self.two(civil.hour)):00:00Z"
    }

    /// ISO-8601 instant of `seconds` since the epoch, e.g. `2026-11-23T14:00:00Z`.
    public static func timestamp(_ seconds: Int64) -> String {
        let slot = ExportSlot(containing: seconds, granularity: .daily)
        let within = seconds - slot.start
        return
            "\(dateText(slot.civil))T\(two(Int(within / 3600))):\(two(Int(within % 3600 / 60))):\(two(Int(within % 60)))Z"
    }

    static func dateText(_ civil: (year: Int, month: Int, day: Int, hour: Int)) -> String {
        "\(year(civil.year))-\(two(civil.month))-\(two(civil.day))"
    }

    /// A year with four digits at least.
    static func year(_ value: Int) -> String {
        let text = "\(value)"
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian, UTC).
    static func civilDate(daysSinceEpoch: Int) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since the epoch of a civil date (the inverse of ``civilDate(daysSinceEpoch:)``).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }

    fileprivate func floorModulo(_ divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
