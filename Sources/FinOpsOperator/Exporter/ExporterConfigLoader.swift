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
        return try decode(data, origin: path)
    }

    /// The configuration in `data`; `origin` names where it came from in errors.
    static func decode(_ data: Data, origin: String) throws -> ExporterConfigFile {
        let file: ExporterConfigFile
        do {
            file = try YAMLDecoder().decode(ExporterConfigFile.self, from: data)
        } catch {
            throw Failure(description: "\(origin) is not a valid exporter configuration: \(error)")
        }
        guard file.version == ExporterConfigFile.currentVersion else {
            throw Failure(
                description:
                    "\(origin) has version \(file.version); this exporter reads \(ExporterConfigFile.currentVersion)")
        }
        return file
    }
}
