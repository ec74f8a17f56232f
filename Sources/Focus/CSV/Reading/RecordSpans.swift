/// The field spans of the record being read, one slot per header column, reused from record to record.
///
/// Why not an array: a field is the hottest event of a read (65 million in the 1M-row benchmark file), and
/// `Array.append` costs a uniqueness check, a call into the runtime, per element. Here a field is one store; the
/// row's spans join the batch in one append when the record is complete.
///
/// Copy-on-write by hand: the owner calls ``uniqued()`` before each chunk, so a copied reader never writes into
/// the buffer of another (`CSVReader` is a value).
final class RecordSpans: @unchecked Sendable {
    let capacity: Int
    let base: UnsafeMutablePointer<RowBatch.FieldSpan>

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
        base.initialize(repeating: RowBatch.FieldSpan(start: 0, end: 0), count: self.capacity)
    }

    deinit { base.deallocate() }

    /// The spans as a buffer of `count` (at most ``capacity``).
    func prefix(_ count: Int) -> UnsafeBufferPointer<RowBatch.FieldSpan> {
        UnsafeBufferPointer(start: base, count: min(count, capacity))
    }
}

extension RecordSpans {
    /// `spans` itself when no one else holds it, otherwise a copy.
    static func uniqued(_ spans: inout RecordSpans) {
        guard !isKnownUniquelyReferenced(&spans) else { return }
        let copy = RecordSpans(capacity: spans.capacity)
        copy.base.update(from: spans.base, count: spans.capacity)
        spans = copy
    }
}
