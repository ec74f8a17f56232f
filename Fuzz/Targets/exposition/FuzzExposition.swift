// libFuzzer entry for the `exposition` target: Exposition's name sanitizing and label value escaping.
// Compiled into one module with Sources/Exposition (see Fuzz/run.sh), so it needs no import and reaches its
// internal escaping function.

/// Called by libFuzzer once per input: the bytes before the first NUL are a column name (also split at `,` into
/// several), the bytes after it a label value. Traps (and so reports a crash) when:
/// - a sanitized label or metric name is not valid, or suffixed label names repeat;
/// - escaping overruns its documented worst case, leaves a raw line feed or unescaped `"`, or does not give back
///   the value (ill-formed UTF-8 replaced as `String(decoding:as:)` does) when unescaped.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExposition(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let separator = input.firstIndex(of: 0) ?? input.count
    let name = String(decoding: input[..<separator], as: UTF8.self)
    let value = Array(input[min(separator + 1, input.count)...])

    for style in [LabelName.Style.preserve, .snakeCase] where !LabelName.isValid(LabelName.sanitize(name, style: style))
    {
        fatalError("LabelName.sanitize(\(name.debugDescription), style: \(style)) is not a valid label name")
    }
    if !MetricName.isValid(MetricName.sanitize(name)) {
        fatalError("MetricName.sanitize(\(name.debugDescription)) is not a valid metric name")
    }
    let columns = name.split(separator: ",", omittingEmptySubsequences: false).prefix(16).map(String.init)
    let suffixed = LabelNameMapping(columns: columns).suffixedLabelNames
    if Set(suffixed).count != suffixed.count || !suffixed.allSatisfy(LabelName.isValid) {
        fatalError("suffixed label names of \(columns) repeat or are invalid: \(suffixed)")
    }

    checkEscaping(value)
    return 0
}

/// Escapes `value` and checks the result against the text format's rules and a plain reference.
private func checkEscaping(_ value: [UInt8]) {
    let capacity = LabelValueEscaping.worstCaseCount(value.count) + 8
    var output = [UInt8](repeating: 0, count: capacity)
    let written = value.withUnsafeBytes { source in
        output.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { LabelValueEscaping.escape(source, into: $0) } ?? -1
        }
    }
    guard written >= 0, written <= capacity - 8 else { fatalError("escaping wrote \(written) of \(capacity) bytes") }
    var unescaped: [UInt8] = []
    var index = 0
    while index < written {
        let byte = output[index]
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\""):
            fatalError("raw \(byte == 0x0A ? "line feed" : "quote") at \(index) of the escaped value")
        case UInt8(ascii: "\\"):
            guard index + 1 < written else { fatalError("escaped value ends in a lone backslash") }
            switch output[index + 1] {
            case UInt8(ascii: "\\"), UInt8(ascii: "\""): unescaped.append(output[index + 1])
            case UInt8(ascii: "n"): unescaped.append(UInt8(ascii: "\n"))
            default: fatalError("unknown escape \\\(output[index + 1]) in the escaped value")
            }
            index += 2
        default:
            unescaped.append(byte)
            index += 1
        }
    }
    let reference = Array(String(decoding: value, as: UTF8.self).utf8)
    if unescaped != reference { fatalError("escaping does not round-trip: \(value) → \(output[..<written])") }
}
