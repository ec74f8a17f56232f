/// An ISO-8601 duration such as `PT15M`, `PT1H`, `P1D` or `P1Y2M10DT2H30M`: the syntax of `MetricConfig.interval`,
/// which Krateo passes unchanged to provider APIs (Azure Monitor's `interval`, for instance).
///
/// Accepted: `P`, then any of `nY nM nW nD`, then optionally `T` and any of `nH nM nS`, in that order, at least
/// one component, each at most once. Numbers are non-negative decimals; only the last component may have a
/// fraction (`PT1.5H`, `PT0,5S`), as the standard says. No sign, no `P0001-02-03` alternative form.
public struct ISO8601Duration: Sendable, Hashable, CustomStringConvertible {
    /// Years (`Y` before `T`).
    public var years: Double = 0
    /// Months (`M` before `T`).
    public var months: Double = 0
    /// Weeks (`W`).
    public var weeks: Double = 0
    /// Days (`D`).
    public var days: Double = 0
    /// Hours (`H`).
    public var hours: Double = 0
    /// Minutes (`M` after `T`).
    public var minutes: Double = 0
    /// Seconds (`S`).
    public var seconds: Double = 0
    /// The text this value was parsed from, kept because APIs expect it verbatim.
    public var text: String

    /// Parses `text`, or returns `nil` when it is not an ISO-8601 duration in the form described above.
    public init?(_ text: String) {
        self.text = text
        var scalars = Substring(text).unicodeScalars[...]
        guard scalars.first == "P" else { return nil }
        scalars = scalars.dropFirst()
        guard !scalars.isEmpty else { return nil }

        // Designators in the order they may appear; a designator's index must grow strictly.
        let order: [(designator: Unicode.Scalar, inTime: Bool)] = [
            ("Y", false), ("M", false), ("W", false), ("D", false), ("H", true), ("M", true), ("S", true),
        ]
        var nextIndex = 0
        var inTime = false
        var sawTimeComponent = false
        var sawFraction = false
        while let scalar = scalars.first {
            if scalar == "T" {
                guard !inTime else { return nil }
                inTime = true
                scalars = scalars.dropFirst()
                guard !scalars.isEmpty else { return nil }
                continue
            }
            // A fraction is only allowed on the last component.
            guard !sawFraction else { return nil }
            let number = scalars.prefix(while: { ("0"..."9").contains($0) || $0 == "." || $0 == "," })
            guard !number.isEmpty, let value = Self.decimal(String(number)) else { return nil }
            sawFraction = number.contains(".") || number.contains(",")
            scalars = scalars.dropFirst(number.count)
            guard let designator = scalars.first else { return nil }
            scalars = scalars.dropFirst()
            guard
                let index = order.indices.first(where: {
                    $0 >= nextIndex && order[$0].designator == designator && order[$0].inTime == inTime
                })
            else { return nil }
            nextIndex = index + 1
            sawTimeComponent = sawTimeComponent || inTime
            switch index {
            case 0: years = value
            case 1: months = value
            case 2: weeks = value
            case 3: days = value
            case 4: hours = value
            case 5: minutes = value
            default: seconds = value
            }
        }
        // "P1DT" has a time designator with nothing after it.
        if inTime && !sawTimeComponent { return nil }
    }

    /// The text it was parsed from, e.g. `PT15M`.
    public var description: String { text }

    /// Whether every component is zero (`PT0S`), which is no interval at all.
    public var isZero: Bool {
        years == 0 && months == 0 && weeks == 0 && days == 0 && hours == 0 && minutes == 0 && seconds == 0
    }

    /// The length as a fixed duration, counting a day as 24 hours and a week as 7 days; `nil` when years or
    /// months are set, whose length depends on the calendar.
    public var fixedDuration: Duration? {
        guard years == 0, months == 0 else { return nil }
        let totalSeconds = ((weeks * 7 + days) * 24 + hours) * 3600 + minutes * 60 + seconds
        return .nanoseconds(Int64((totalSeconds * 1_000_000_000).rounded()))
    }

    /// `1`, `1.5` or `0,5` as a number; digits only (no sign, no exponent).
    private static func decimal(_ text: String) -> Double? {
        let normalized = String(text.map { $0 == "," ? "." : $0 })
        guard normalized.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            normalized.filter({ $0 == "." }).count <= 1, normalized.first != ".", normalized.last != "."
        else { return nil }
        return Double(normalized)
    }
}
