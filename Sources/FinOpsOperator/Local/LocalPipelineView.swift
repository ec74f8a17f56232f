import FinOpsAPI
import FinOpsPipelines
import Foundation
import KubeCore

/// One ExporterScraperConfig as local mode shows it: its conditions and status (as `kubectl get` would show them)
/// and its exporter's last poll.
struct LocalPipelineView: Sendable {
    var key: ObjectKey
    var conditions: [Condition]
    var scrape: ScrapeStatus?
    var export: ExportStatus?
    var exporter: Result<ExporterStatusReport, LocalFailure>?

    /// The conditions whose `False` means this pipeline failed.
    static let judged = [
        ConditionType.ready, ConditionType.sourceHealthy, ConditionType.scrapeHealthy, ConditionType.exportHealthy,
        ConditionType.synced,
    ]

    /// Nothing more will happen without a change: every part has a verdict, or one has failed for good.
    var isSettled: Bool {
        if case .failure = exporter { return true }
        guard let ready = conditions[type: ConditionType.ready] else { return false }
        if ready.status == .false, ready.reason != ConditionReason.creating { return true }
        // An exporter whose source fails leaves the scrape and the export waiting for rows that never come.
        if conditions[type: ConditionType.sourceHealthy]?.status == .false { return true }
        guard ready.status == .true, conditions.isTrue(ConditionType.sourceHealthy) else { return false }
        return [ConditionType.scrapeHealthy, ConditionType.exportHealthy].allSatisfy {
            conditions[type: $0].map { $0.status != .unknown } ?? true
        }
    }

    var succeeded: Bool {
        if case .failure = exporter { return false }
        return isSettled && !Self.judged.contains { conditions[type: $0]?.status == .false }
    }

    /// Rows of the exporter's last complete poll.
    var polledRows: Int { (try? exporter?.get())?.served?.rows ?? 0 }

    /// The first failing condition, or the exporter that could not start, as `Reason: message`.
    var problem: String? {
        if case .failure(let failure) = exporter { return "ExporterConfigurationInvalid: \(failure)" }
        for type in Self.judged {
            if let condition = conditions[type: type], condition.status == .false {
                return "\(condition.reason): \(condition.message)"
            }
        }
        return nil
    }

    /// The part still awaited, for the progress line.
    var awaiting: String {
        guard let ready = conditions[type: ConditionType.ready] else { return "reconciling" }
        if ready.status != .true { return ready.reason }
        if !conditions.isTrue(ConditionType.sourceHealthy) { return "polling the source" }
        if conditions[type: ConditionType.scrapeHealthy]?.status == .unknown { return "loading the database" }
        if conditions[type: ConditionType.exportHealthy]?.status == .unknown { return "writing files" }
        return "done"
    }

    /// What has been done so far: `2,000 rows polled · 2,000 loaded · 3 files (2,000 rows)`.
    var counts: String {
        var parts = ["\(Self.grouped(polledRows)) rows polled"]
        if let rejected = (try? exporter?.get())?.served?.rejectedRows, rejected > 0 {
            parts.append("\(Self.grouped(rejected)) rejected by the exporter")
        }
        if let scrape {
            parts.append("\(Self.grouped(Int(scrape.rowsWritten ?? 0))) loaded")
            if let rejected = scrape.rowsRejected, rejected > 0 {
                parts.append("\(Self.grouped(Int(rejected))) rejected by the database")
            }
        }
        if let export {
            parts.append("\(Self.grouped(Int(export.files ?? 0))) files (\(Self.grouped(Int(export.rows ?? 0))) rows)")
        }
        return parts.joined(separator: " · ")
    }

    /// The progress line: a mark, the name, the counts and what is awaited or what failed.
    var line: String {
        let mark = !isSettled ? "…" : succeeded ? "✓" : "✗"
        let state = isSettled ? (problem ?? "") : awaiting
        return "\(mark) \(key)  \(counts)\(state.isEmpty ? "" : "  \(state)")"
    }

    /// `1234567` as `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }
}
