/// `<name>` placeholders in source URLs, paths, headers and bodies, filled from an ExporterScraperConfig's
/// `additionalVariables`.
///
/// Krateo's rule: a value written in upper case names an environment variable of the exporter, whose value is used
/// instead. Krateo applied it to any value equal to its upper-casing, so `"8080"` or `"2024-01"` were looked up in
/// the environment and became empty strings. Here only values that look like variable names (an upper-case letter,
/// then upper-case letters, digits or `_`) are looked up, and a variable that is not set is an error, never an empty
/// string.
public struct SourceVariables: Sendable, Hashable {
    public var values: [String: String]
    public var environment: [String: String]

    public init(_ values: [String: String], environment: [String: String]) {
        self.values = values
        self.environment = environment
    }

    /// Why a placeholder could not be filled; messages name the variable, never a value.
    public enum Failure: Error, Hashable, CustomStringConvertible {
        /// `<name>` appears but `additionalVariables` has no `name`.
        case undefined(name: String)
        /// `name`'s value names an environment variable that is not set.
        case environmentVariableNotSet(name: String, environmentVariable: String)

        public var description: String {
            switch self {
            case .undefined(let name):
                "The placeholder <\(name)> has no value; add \(name) to additionalVariables."
            case .environmentVariableNotSet(let name, let variable):
                "additionalVariables.\(name) names the environment variable \(variable), which is not set in the "
                    + "exporter's environment."
            }
        }
    }

    /// The `<name>` placeholders in `text`, in order, as Krateo's exporter finds them (shortest match).
    public static func placeholders(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// Whether `value` names an environment variable: `[A-Z][A-Z0-9_]*`.
    public static func namesEnvironmentVariable(_ value: String) -> Bool {
        var bytes = value.utf8.makeIterator()
        guard let first = bytes.next(), first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") else { return false }
        while let byte = bytes.next() {
            let upper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
            let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard upper || digit || byte == UInt8(ascii: "_") else { return false }
        }
        return true
    }

    /// The value of variable `name`, looked up in the environment when it names an environment variable.
    public func value(of name: String) throws(Failure) -> String {
        guard let value = values[name] else { throw .undefined(name: name) }
        guard Self.namesEnvironmentVariable(value) else { return value }
        guard let resolved = environment[value] else {
            throw .environmentVariableNotSet(name: name, environmentVariable: value)
        }
        return resolved
    }

    /// `text` with every `<name>` placeholder replaced by its value.
    public func substitute(_ text: String) throws(Failure) -> String {
        guard text.contains("<") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            result += rest[..<open]
            result += try value(of: String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}
