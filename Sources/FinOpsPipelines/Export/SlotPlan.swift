import FinOpsAPI

/// Which slots a run writes, from the clock and what the destination already holds.
///
/// Only complete slots are written (a slot whose end is not after now): the current hour or day is still
/// accumulating costs. Slots that started within `lookbackDays` of now are rewritten on every run with new data
/// (providers restate recent costs); older slots back to `backfillDays` are written only when missing. Older slots
/// are left alone.
public struct SlotPlan: Sendable, Hashable {
    /// The newest complete slot.
    public let newest: ExportSlot
    /// The oldest slot a run may write.
    public let oldest: ExportSlot
    /// Complete slots within the lookback: always rewritten with fresh data.
    public let restated: [ExportSlot]
    /// Complete slots between the backfill limit and the lookback that the destination lacks.
    public let missing: [ExportSlot]

    public init(
        now seconds: Int64, granularity: NormalizedFocusExport.Granularity, lookbackDays: Int, backfillDays: Int,
        existing: Set<ExportSlot>
    ) {
        let current = ExportSlot(containing: seconds, granularity: granularity)
        newest = ExportSlot(granularity: granularity, start: current.start - current.seconds)
        let lookbackStart = ExportSlot(containing: seconds - Int64(lookbackDays) * 86_400, granularity: granularity)
        oldest = ExportSlot(containing: seconds - Int64(backfillDays) * 86_400, granularity: granularity)
        var restated: [ExportSlot] = []
        var missing: [ExportSlot] = []
        var slot = oldest
        while slot <= newest {
            if lookbackDays > 0 && slot >= lookbackStart {
                restated.append(slot)
            } else if !existing.contains(slot) {
                missing.append(slot)
            }
            slot = slot.next
        }
        self.restated = restated
        self.missing = missing
    }

    /// Every slot this run writes, if the data holds rows for it.
    public var wanted: Set<ExportSlot> { Set(restated).union(missing) }
}
