import FinOpsAPI
import Focus

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
        let (year, month, day) = CivilCalendar.civilFromDays(start.floorDivided(by: 86_400))
        return (year, month, day, Int(start.floorModulo(86_400) / 3600))
    }

    /// `2026-11-23` (daily) or `2026-11-23T14:00:00Z` (hourly).
    public var description: String {
        let date = Self.dateText(civil)
        return granularity == .daily ? date : "\(date)T\(Self.two(civil.hour)):00:00Z"
    }

    /// ISO-8601 instant of `seconds` since the epoch, e.g. `2026-11-23T14:00:00Z`.
    public static func timestamp(_ seconds: Int64) -> String {
        FocusTimestamp(microsecondsSinceEpoch: seconds * 1_000_000).description
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
