import Exposition
import Focus
import Gzip
import NIOCore

/// Collects one poll of FOCUS rows and prepares what the exporter serves from it: the `billed_cost` gauge (and its
/// companion cost gauges), the rows as CSV for `/rows`, and a FOCUS validation summary.
///
/// The rows of the poll are held until ``finish()`` (the gauge sums rows with equal labels, and `/rows` must be
/// complete before it replaces the previous poll); memory is therefore about the size of the poll's CSV.
public struct FocusPollCollector: PollCollecting {
    let exposition: CostExposition
    private var header: FocusHeader?
    private var batches: [RowBatch] = []
    private var rows = 0
    private var rejected = 0
    private var rejectedSamples: [RowProblem] = []
    private var fallbacks: [SourceFallback] = []
    private var validator: FocusValidator?
    private var detection: FocusDetection?

    /// Whether rows are checked against FOCUS (not for the `generic` metric type, whose rows are not FOCUS).
    let validates: Bool

    public init(exposition: CostExposition, validatesFocus: Bool = true) {
        self.exposition = exposition
        self.validates = validatesFocus
    }

    public mutating func receive(_ batch: RowBatch) throws(SourceError) {
        if header == nil, validates {
            header = batch.header
            let detection = FocusSchema.detect(batch.header)
            self.detection = detection
            var validator = FocusValidator(schema: detection.schema)
            validator.begin(header: batch.header)
            self.validator = validator
        } else if header == nil {
            header = batch.header
        } else if batch.header != header {
            throw SourceError(.payload, "The source changed its columns in the middle of a poll.")
        }
        validator?.validate(batch)
        rows += batch.rowCount
        if !batch.isEmpty { batches.append(batch) }
    }

    public mutating func reject(_ problem: RowProblem) {
        rejected += 1
        if rejectedSamples.count < 20 { rejectedSamples.append(problem) }
    }

    public mutating func rejectUndescribed(count: Int) { rejected += count }

    public mutating func fallback(_ fallback: SourceFallback) { fallbacks.append(fallback) }

    public mutating func finish() throws(SourceError) -> PollResult {
        guard let header else { throw SourceError(.empty, "The source sent no rows (an empty body or a header only).") }
        if rows == 0 && rejected > 0 {
            throw SourceError(
                .payload,
                "None of the source's \(rejected) rows could be read; the first problem: \(rejectedSamples[0]).")
        }
        let report = validator?.report()

        let builder = ExpositionBuilder(encoding: .gzip, limits: SeriesLimits(maxSeries: exposition.maxSeries))
        do {
            _ = try exposition.render(batches, header: header, into: builder)
        } catch let error as SourceError {
            throw error
        } catch {
            throw SourceError(.configuration, "The metrics cannot be built: \(error).")
        }
        let body = builder.finish()
        // Series and drops are those of the main gauge; the companion cost gauges share its label sets.
        let main = body.report[family: exposition.metricName]

        let writer = CSVWriter(header: header)
        let compressor = GzipCompressor()
        var csv: [UInt8] = []
        writer.appendHeader(to: &csv)
        var rowsGzip: [UInt8] = []
        for batch in batches {
            writer.append(batch, to: &csv)
            if csv.count >= 1 << 20 {
                compressor.append(csv, to: &rowsGzip)
                csv.removeAll(keepingCapacity: true)
            }
        }
        compressor.append(csv, to: &rowsGzip)
        compressor.finish(to: &rowsGzip)

        var byRule: [String: Int] = [:]
        for result in report?.results ?? [] where result.count > 0 { byRule[result.rule.id] = result.count }
        var result = PollResult(
            header: header, rows: rows, rejectedRows: rejected, rejectedSamples: rejectedSamples,
            focusVersion: detection.flatMap { $0.isComplete ? $0.version.rawValue : nil },
            validationErrors: report?.errorCount ?? 0, validationWarnings: report?.warningCount ?? 0,
            violationsByRule: byRule, metrics: body, series: main?.series ?? 0,
            droppedSeries: main?.droppedSeries ?? 0, rowsCSVGzip: rowsGzip)
        result.fallbacks = fallbacks
        return result
    }
}
