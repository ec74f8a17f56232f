/// The `# HELP` and `# TYPE` lines of a family.
enum FamilyHeader {
    /// `# HELP name text\n# TYPE name type\n`; the HELP line is left out when `help` is empty.
    ///
    /// HELP text escapes only `\` (as `\\`) and line feed (as `\n`), as the format specifies; quotes stay as they are.
    static func render(name: String, help: String, type: MetricType) -> [UInt8] {
        var out: [UInt8] = []
        if !help.isEmpty {
            out.append(contentsOf: "# HELP \(name) ".utf8)
            for byte in help.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
                default: out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\n"))
        }
        out.append(contentsOf: "# TYPE \(name) \(type.rawValue)\n".utf8)
        return out
    }
}
