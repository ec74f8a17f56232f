// libFuzzer entry for the `json` target: SourcePayloads' JSON parser and every decoder on the same input.
// Compiled into one module with Sources/SourcePayloads (see Fuzz/run.sh), so it needs no import of that module.
import Focus

/// Called by libFuzzer once per input. Traps (and so reports a crash) when an invariant breaks:
/// - compact JSON of a parsed tree parses back to an equal tree;
/// - no decoder or value conversion traps on any tree.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeBufferPointer(start: data, count: size)
    guard let node = try? JSONParser.parse(input) else { return 0 }

    let compact = node.compactJSON
    guard let reparsed = try? JSONParser.parse(Array(compact.utf8)), reparsed == node else {
        fatalError("compact JSON does not round-trip: \(compact.prefix(200))")
    }

    _ = try? FocusConfigListDecoder().decode(node)
    _ = try? PrometheusQueryDecoder().decode(node)
    _ = try? AzureMonitorMetricsDecoder(resourceID: "/subscriptions/s/vm").decode(node)
    _ = try? JSONTableDecoder(rowsPath: ["data"], columnOrder: .sorted).decode(node)
    if let table = try? JSONTableDecoder().decode(node) {
        for index in 0..<min(table.rows.columnCount, 3) {
            _ = try? GenericMetricExtractor(metricName: "m", valueColumnIndex: index).samples(from: table.rows)
        }
    }
    convertScalars(in: node)
    return 0
}

/// Runs the text conversions on the first strings and numbers of the tree (a bounded, iterative walk).
private func convertScalars(in root: JSONNode) {
    var pending = [root]
    var visited = 0
    while let node = pending.popLast(), visited < 256 {
        visited += 1
        switch node {
        case .string(let text), .number(let text):
            _ = DecimalText.plain(quantity: text)
            _ = DecimalText.plain(jsonNumber: text)
            _ = PrometheusTimestamp.rfc3339(epochSeconds: text)
            _ = GenericMetricExtractor.isNumeric(text)
            _ = FocusTimestamp(text)
        case .array(let elements):
            pending.append(contentsOf: elements)
        case .object(let object):
            pending.append(contentsOf: object.members.map(\.value))
        case .null, .bool:
            break
        }
    }
}
