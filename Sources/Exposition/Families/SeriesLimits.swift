/// Caps on the number of series in one body, so that a cost source that suddenly returns millions of rows cannot
/// exhaust the exporter's memory or Prometheus' ingestion.
///
/// Series beyond a cap are not rendered; they are counted in the report (``FamilyReport/droppedSeries``) so that
/// the caller can expose the count, typically as a `…_dropped_total` counter. A duplicate of a series already in
/// the body is not a new series and never counts against a cap.
public struct SeriesLimits: Sendable, Hashable {
    /// Most series one family may hold; `nil` for no cap.
    public var maxSeriesPerFamily: Int?
    /// Most series the whole body (one scrape target) may hold; `nil` for no cap.
    public var maxSeries: Int?

    /// Caps; `nil` leaves that cap off.
    public init(maxSeriesPerFamily: Int? = nil, maxSeries: Int? = nil) {
        self.maxSeriesPerFamily = maxSeriesPerFamily
        self.maxSeries = maxSeries
    }

    /// No caps.
    public static let unlimited = SeriesLimits()
}
