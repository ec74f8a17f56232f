/// What happens when a family receives a second series with the same label values.
///
/// Prometheus rejects a scrape sample whose series already has a sample with the same timestamp, so a body must
/// not repeat a label set. Duplicates are common after an allowlist drops the columns that told rows apart (two
/// charge periods, two SKUs of one resource); the right answer depends on what the value means, so the family
/// states it.
public enum DuplicatePolicy: Sendable, Hashable {
    /// Keep the first series, drop later ones and count them (``FamilyReport/duplicateSeries``), with a few
    /// examples for a log line. The cheapest policy: the body is written as series arrive and only a 16-byte hash
    /// per series is kept to recognise repeats (32–48 bytes with the hash table's free slots).
    case report
    /// Add the values of all series with one label set (costs of rows that differ only in dropped columns); the
    /// latest timestamp wins.
    case sum
    /// Keep the value (and timestamp) of the last series with one label set.
    case last

    /// Whether series must be held until the family ends, because a later duplicate changes an earlier value.
    /// Such a family keeps its escaped label values until then (``StagedSeries``: repeating values as small
    /// numbers, others as bytes, about 80 bytes per series of 20 FOCUS labels) and is compressed when it ends.
    var merges: Bool { self != .report }
}
