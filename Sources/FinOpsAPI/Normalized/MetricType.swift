/// What an exporter's source returns, which decides how rows are read and where they go.
public enum MetricType: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A FOCUS cost report (CSV or JSON): rows become FOCUS rows. Krateo's default, and ours.
    case cost
    /// Usage metrics of one resource in Krateo's usage schema; `additionalVariables.ResourceId` names the resource.
    case resource
    /// Any table: one column is the value (`generic.valueColumnIndex`) of the metric `generic.metricName`.
    case generic

    /// The type named by `text` in any case (`Cost`, `COST`), or `nil` for anything else.
    public init?(parsing text: String) {
        guard let type = Self(rawValue: text.lowercased()) else { return nil }
        self = type
    }

    /// The lower-case name, as written in specs.
    public var description: String { rawValue }
}
