import Foundation
import Testing

/// Runs a command-line tool found on `PATH` with `input` on stdin, for checks against independent
/// implementations (promtool, gzip, Python's zlib). A missing tool fails the test: `make test` installs them.
struct ExternalTool {
    struct Result {
        var status: Int32
        var output: [UInt8]
        var errors: String
    }

    let path: String

    /// The tool called `name` on `PATH`, or `nil` (after recording a test failure).
    static func find(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> ExternalTool? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return ExternalTool(path: candidate) }
        }
        Issue.record("\(name) is not on PATH (make test installs it)", sourceLocation: sourceLocation)
        return nil
    }

    /// Runs the tool; stdin comes from a temporary file so that large inputs and outputs cannot deadlock.
    func run(_ arguments: [String], input: [UInt8]) throws -> Result {
        let directory = FileManager.default.temporaryDirectory
        let inputURL = directory.appendingPathComponent("exposition-\(UUID().uuidString).in")
        let errorURL = directory.appendingPathComponent("exposition-\(UUID().uuidString).err")
        defer {
            try? FileManager.default.removeItem(at: inputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        try Data(input).write(to: inputURL)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: inputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: [UInt8](data), errors: errors)
    }
}
