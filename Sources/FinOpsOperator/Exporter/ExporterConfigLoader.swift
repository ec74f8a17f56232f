import FinOpsAPI
import Foundation
import Yams

/// Reads the exporter's `config.yaml` and refuses versions this binary does not know.
enum ExporterConfigLoader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func load(path: String) throws -> ExporterConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "cannot read the exporter configuration \(path)")
        }
        let file: ExporterConfigFile
        do {
            file = try YAMLDecoder().decode(ExporterConfigFile.self, from: data)
        } catch {
            throw Failure(description: "\(path) is not a valid exporter configuration: \(error)")
        }
        guard file.version == ExporterConfigFile.currentVersion else {
            throw Failure(
                description:
                    "\(path) has version \(file.version); this exporter reads \(ExporterConfigFile.currentVersion)")
        }
        return file
    }
}
