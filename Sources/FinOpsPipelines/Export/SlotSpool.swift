import FinOpsAPI
import Focus
import Foundation

/// Rows sorted into one temporary CSV file per slot in a single pass over the source, so that a poll of any size is
/// written slot by slot with memory bounded by small per-slot buffers (the source is read once, never held).
///
/// Rows whose `ChargePeriodStart` is missing or malformed are counted with their first line; rows of slots the run
/// does not write are counted as outside the window. The directory is removed by ``close()``.
final class SlotSpool {
    struct Slot {
        var handle: FileHandle
        var path: String
        var buffer: [UInt8] = []
        var rows = 0
    }

    let directory: String
    let wanted: Set<ExportSlot>
    let granularity: NormalizedFocusExport.Granularity
    private(set) var slots: [ExportSlot: Slot] = [:]
    private(set) var header: FocusHeader?
    private(set) var rowsRead = 0
    private(set) var rowsOutsideWindow = 0
    private(set) var rowsWithoutPeriod = 0
    private(set) var firstWithoutPeriod: String?
    /// The earliest slot any row of the source falls in, wanted or not.
    private(set) var earliest: ExportSlot?
    private var adjustment: FocusRowAdjustment?
    private var writer: CSVWriter?
    private let export: NormalizedFocusExport
    private var buffered = 0
    static let slotBufferLimit = 256 << 10
    static let totalBufferLimit = 32 << 20

    init(directory parent: String, wanted: Set<ExportSlot>, export: NormalizedFocusExport) throws {
        directory = "\(parent)/finops-export-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        self.wanted = wanted
        self.export = export
        granularity = export.granularity
    }

    deinit { close() }

    /// Sorts the rows of `batch` into their slots.
    func take(_ batch: RowBatch) throws {
        if adjustment == nil {
            let adjustment = FocusRowAdjustment(input: batch.header, export: export)
            self.adjustment = adjustment
            header = adjustment.output
            writer = CSVWriter(header: adjustment.output)
        }
        guard let adjustment, let writer else { return }
        let period = batch.header.index(of: "ChargePeriodStart")
        var builders: [ExportSlot: RowBatchBuilder] = [:]
        for row in 0..<batch.rowCount {
            rowsRead += 1
            let start = period.flatMap { column in
                batch.withBytes(row: row, column: column) { FocusTimestamp.parse($0) } ?? nil
            }
            guard let start else {
                rowsWithoutPeriod += 1
                if firstWithoutPeriod == nil {
                    let text = period.flatMap { batch.string(row: row, column: $0) } ?? ""
                    firstWithoutPeriod =
                        "line \(batch.lineNumbers[row]): "
                        + (period == nil
                            ? "no ChargePeriodStart column" : "ChargePeriodStart \"\(text)\" is not a date/time")
                }
                continue
            }
            let seconds = start.timestamp.microsecondsSinceEpoch / 1_000_000
            let slot = ExportSlot(containing: seconds, granularity: granularity)
            if earliest.map({ slot < $0 }) ?? true { earliest = slot }
            guard wanted.contains(slot) else {
                rowsOutsideWindow += 1
                continue
            }
            adjustment.append(
                row: row, of: batch, to: &builders[slot, default: RowBatchBuilder(header: adjustment.output)])
        }
        for (slot, var builder) in builders {
            let rows = builder.rowCount
            try append(builder.finish(), rows: rows, to: slot, writer: writer)
        }
        if buffered > Self.totalBufferLimit { try flushAll() }
    }

    private func append(_ batch: RowBatch, rows: Int, to slot: ExportSlot, writer: CSVWriter) throws {
        if slots[slot] == nil {
            let path = "\(directory)/\(slot.start).csv"
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let handle = FileHandle(forWritingAtPath: path)
            else { throw ExportFailure.local("cannot create the spool file \(path)") }
            var entry = Slot(handle: handle, path: path)
            writer.appendHeader(to: &entry.buffer)
            slots[slot] = entry
        }
        let before = slots[slot]!.buffer.count
        writer.append(batch, to: &slots[slot]!.buffer)
        slots[slot]!.rows += rows
        buffered += slots[slot]!.buffer.count - before
        if slots[slot]!.buffer.count > Self.slotBufferLimit { try flush(slot) }
    }

    private func flush(_ slot: ExportSlot) throws {
        guard var entry = slots[slot], !entry.buffer.isEmpty else { return }
        do {
            try entry.handle.write(contentsOf: entry.buffer)
        } catch {
            throw ExportFailure.local("cannot write the spool file \(entry.path): \(error)")
        }
        buffered -= entry.buffer.count
        entry.buffer.removeAll(keepingCapacity: false)
        slots[slot] = entry
    }

    private func flushAll() throws {
        for slot in slots.keys { try flush(slot) }
    }

    /// Ends writing; the slot files are complete CSV files with a header.
    func finish() throws {
        try flushAll()
        for entry in slots.values { try? entry.handle.close() }
    }

    /// The spool file of `slot` and its row count, if any row fell in it.
    func file(of slot: ExportSlot) -> (path: String, rows: Int)? {
        slots[slot].map { ($0.path, $0.rows) }
    }

    func close() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
