import FinOpsAPI
import Foundation
import KubeTesting
import Synchronization
import Testing

@testable import FinOpsOperator

/// `finops-operator local`: the bundled examples/local/ run end to end (every source kind, the embedded SQLite
/// database, the s3:// export redirected to a directory), and a broken directory ends at once with the reason.
@Suite struct LocalModeTests {
    /// Runs local mode on `directory` (relative to the package root, like the examples' file:// URLs) with a fresh
    /// data directory; returns whether it succeeded, its output and the data directory.
    static func runLocal(_ directory: String, timeout: Duration = .seconds(120)) async throws -> (
        succeeded: Bool, output: String, data: URL
    ) {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("finops-local-\(UUID().uuidString)")
        let output = Mutex("")
        let application = LocalApplication(
            configuration: .init(
                directory: URL(fileURLWithPath: directory), dataDirectory: data,
                listen: HostPort(host: "127.0.0.1", port: try FreePort.take()), keepS3: false, keepRunning: false,
                timeout: timeout, display: .lines),
            output: { text in output.withLock { $0 += text } })
        let succeeded = try await application.run()
        return (succeeded, output.withLock { $0 }, data)
    }

    @Test func theBundledExamplesRunEveryPipelineKind() async throws {
        let (succeeded, output, data) = try await Self.runLocal("examples/local")
        defer { try? FileManager.default.removeItem(at: data) }
        #expect(succeeded, "\(output)")
        #expect(output.contains("Summary: 6 of 6 pipelines succeeded"))
        // Every table got the rows its exporter served, each load recorded once.
        let counts = try Self.query(
            data.appendingPathComponent("finops_finops-db.sqlite"),
            "SELECT table_name, rows_inserted, rows_rejected FROM finops_loads ORDER BY table_name")
        #expect(
            counts == [
                "castai_costs|2|0", "cluster_costs|3|0", "focus_aws|2000|0", "kubecost_allocations|21|0",
                "prometheus_up|2|0", "vm_cpu|4|0",
            ])
        // The s3:// export went to the data directory, in the Hive layout, one Parquet file per day.
        let exported = data.appendingPathComponent("s3/finops-focus/aws/version=focus-1.3/year=2026/month=05")
        let days = try FileManager.default.contentsOfDirectory(atPath: exported.path)
        #expect(days.count == 31)
        #expect(output.contains("files     \(data.standardizedFileURL.path)/s3/finops-focus/aws/"))
    }

    @Test func aBrokenDirectoryEndsAtOnceWithTheReason() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("local-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        apiVersion: finops.krateo.io/v1
        kind: ExporterScraperConfig
        metadata: {name: broken}
        spec:
          exporterConfig:
            url: ftp://example.com/report.csv
            metricType: cost
            pollingInterval: 1h
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: ignored}
        """.write(to: directory.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let (succeeded, output, data) = try await Self.runLocal(directory.path)
        defer { try? FileManager.default.removeItem(at: data) }
        #expect(!succeeded)
        #expect(output.contains("✗ default/broken"))
        #expect(output.contains("problem   InvalidSpec:"))
        #expect(output.contains("Summary: 0 of 1 pipelines succeeded"))
    }

    /// Rows of an SQLite query as `a|b|c` lines, through Python's sqlite3 (the database file is closed by then).
    static func query(_ database: URL, _ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                + "print('\\n'.join('|'.join(map(str, r)) for r in c.execute(sys.argv[2])))",
            database.path, sql,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text.split(separator: "\n").map(String.init)
    }
}
