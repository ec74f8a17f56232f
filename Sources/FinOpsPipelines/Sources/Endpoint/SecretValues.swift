import Foundation

/// The keys and values of a Secret, read when a poll needs them so that rotated Secrets are used without a restart.
///
/// Values never appear in descriptions, logs or errors: only key names do.
public struct SecretValues: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Where the values came from, for messages (`/secrets/azure-endpoint`, `Secret finops/azure-endpoint`).
    public var origin: String
    private var values: [String: [UInt8]]

    public init(origin: String, values: [String: [UInt8]]) {
        self.origin = origin
        self.values = values
    }

    public var keys: [String] { values.keys.sorted() }

    public subscript(key: String) -> [UInt8]? { values[key] }

    /// The value of `key` as text with surrounding whitespace (a trailing newline from `echo`) removed; `nil` when
    /// absent or empty.
    public func text(_ key: String) -> String? {
        guard let bytes = values[key] else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    public var description: String { "SecretValues(\(origin), keys: \(keys))" }
    public var debugDescription: String { description }

    /// Reads a Secret mounted as a directory (one file per key; Kubernetes' `..data` symlinks and dot files are
    /// skipped).
    public static func readDirectory(_ path: String) throws(SourceError) -> SecretValues {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: path) else {
            throw SourceError(.secret, "The Secret directory \(path) cannot be read; is the Secret mounted?")
        }
        var values: [String: [UInt8]] = [:]
        for name in names where !name.hasPrefix(".") {
            let file = (path as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = manager.contents(atPath: file)
            else { continue }
            values[name] = Array(data)
        }
        return SecretValues(origin: path, values: values)
    }
}
