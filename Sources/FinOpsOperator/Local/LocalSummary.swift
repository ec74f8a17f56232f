import FinOpsAPI
import FinOpsPipelines
import Foundation
import KubeCore

/// The end of a local run: per ExporterScraperConfig what it did, what failed, and where its results are (the
/// exporter's metrics URL, the database and table, the FOCUS files).
struct LocalSummary: Sendable {
    /// `http://host:port` of the local exporters' server.
    var base: String
    var dataDirectory: String
    var keepS3: Bool
    var pipelines: PipelineSupervisor
    var databases: DatabaseConnector

    func text(for views: [LocalPipelineView], elapsed: Duration) async -> String {
        let succeeded = views.filter(\.succeeded).count
        var text = "Summary: \(succeeded) of \(views.count) pipelines succeeded in \(LocalProgress.seconds(elapsed)).\n"
        let wanted = pipelines.wantedPipelines
        for view in views {
            text += "\(view.succeeded ? "✓" : "✗") \(view.key)  \(view.counts)\n"
            if let problem = view.problem { text += "    problem   \(problem)\n" }
            let namespace = view.key.namespace ?? "default"
            if case .success = view.exporter {
                text += "    metrics   \(base)/\(namespace)/\(view.key.name)/metrics\n"
            }
            guard let resolved = wanted[view.key] else { continue }
            if let scraper = resolved.spec.scraper, let database = resolved.database {
                let target: String
                do {
                    target = try await databases.settings(for: database).description
                } catch {
                    target = "(\(error))"
                }
                text += "    database  table \(scraper.tableName) in \(target)\n"
            }
            if let export = resolved.spec.focusExport {
                text += "    files     \(files(export.destination))\n"
            }
        }
        text += "Data directory: \(dataDirectory)\n"
        return text
    }

    /// Where an export's files are, after local mode's S3 redirect.
    func files(_ destination: NormalizedFocusExport.Destination) -> String {
        switch destination {
        case .directory(let path): return path
        case .s3(let bucket, let prefix):
            if keepS3 { return "\(destination)" }
            return "\(dataDirectory)/s3/\(bucket)/\(prefix) (local copy of \(destination))"
        }
    }
}
