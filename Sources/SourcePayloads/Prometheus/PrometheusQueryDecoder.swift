import Focus

/// Rows from a Prometheus HTTP API query response (`/api/v1/query`, `/api/v1/query_range`):
/// `{"status":"success","data":{"resultType":…,"result":[…]}}`.
///
/// One row per sample. Columns: one per label name over all series (sorted, named by ``PrometheusLabelColumns``:
/// `__name__` is `metric_name`), then `value` (the sample value text exactly as sent, `NaN` and `+Inf` included)
/// and `timestamp` (RFC 3339 UTC, converted from the decimal seconds digit by digit: `1435781451.781` is
/// `2015-07-01T20:10:51.781Z`). A series without a label has nulls there. This is the column set of Krateo's
/// exporter, which read Prometheus responses for `generic` metrics.
///
/// - `vector`: `result` is `[{"metric":{…},"value":[t,"v"]}]`; `matrix`: `[{"metric":{…},"values":[[t,"v"],…]}]`;
///   `scalar` and `string`: `result` is `[t,"v"]`, one row without labels.
/// - `"status":"error"` throws ``PayloadError/Code/sourceReportedError`` with Prometheus's `errorType` and `error`.
/// - `warnings` and `infos` become problems; so do samples that cannot be read (they are skipped) and native
///   histogram samples (not supported yet).
public struct PrometheusQueryDecoder: Sendable {
    /// A decoder; it has no settings.
    public init() {}

    /// Decodes UTF-8 JSON bytes.
    public func decode(_ bytes: some Collection<UInt8>) throws(PayloadError) -> DecodedPayload {
        try decode(PayloadJSON.parse(bytes))
    }

    /// A sample before it becomes a row.
    private struct Sample {
        var labels: JSONObject?
        var pair: JSONNode
        var path: JSONPath
    }

    /// Decodes a parsed payload.
    public func decode(_ root: JSONNode) throws(PayloadError) -> DecodedPayload {
        guard case .object(let response) = root else {
            throw PayloadError.wrongType(at: .root, expected: "a Prometheus API response object", found: root)
        }
        try checkStatus(response)
        var log = ProblemLog()
        for key in ["warnings", "infos"] {
            for (index, note) in (response[key]?.arrayValue ?? []).enumerated() {
                log.add(
                    JSONPath.root.appending(key).appending(index: index), "Prometheus says: \(note.fieldText ?? "null")"
                )
            }
        }
        let dataPath = JSONPath.root.appending("data")
        guard let data = response["data"] else { throw PayloadError.missing("data", in: .root, expected: "object") }
        guard case .object(let dataObject) = data else {
            throw PayloadError.wrongType(at: dataPath, expected: "an object", found: data)
        }
        guard let resultType = dataObject["resultType"] else {
            throw PayloadError.missing("resultType", in: dataPath, expected: "string")
        }
        guard let result = dataObject["result"] else {
            throw PayloadError.missing("result", in: dataPath, expected: "member")
        }
        let samples = try collectSamples(resultType, result, dataPath: dataPath, log: &log)
        return DecodedPayload(rows: makeRows(samples, log: &log), log: log)
    }

    private func checkStatus(_ response: JSONObject) throws(PayloadError) {
        guard let status = response["status"] else {
            throw PayloadError.missing("status", in: .root, expected: "string")
        }
        switch status.stringValue {
        case "success":
            return
        case "error":
            let errorType = response["errorType"]?.fieldText ?? "unknown"
            let message = response["error"]?.fieldText ?? "no message"
            throw PayloadError(
                .sourceReportedError, at: JSONPath.root.appending("error"),
                "Prometheus reported \(errorType): \(message)",
                sourceErrorType: errorType)
        default:
            throw PayloadError(
                .invalidValue, at: JSONPath.root.appending("status"),
                "expected \"success\" or \"error\", found \(status.compactJSON)")
        }
    }

    private func collectSamples(_ resultType: JSONNode, _ result: JSONNode, dataPath: JSONPath, log: inout ProblemLog)
        throws(PayloadError) -> [Sample]
    {
        let resultPath = dataPath.appending("result")
        switch resultType.stringValue {
        case "scalar", "string":
            return [Sample(labels: nil, pair: result, path: resultPath)]
        case "vector", "matrix":
            let isMatrix = resultType.stringValue == "matrix"
            guard case .array(let series) = result else {
                throw PayloadError.wrongType(at: resultPath, expected: "an array of series", found: result)
            }
            var samples: [Sample] = []
            for (index, element) in series.enumerated() {
                let seriesPath = resultPath.appending(index: index)
                guard case .object(let entry) = element else {
                    log.add(seriesPath, "series skipped: expected an object, found \(element.kindName)")
                    continue
                }
                var labels: JSONObject?
                if let metric = entry["metric"] {
                    guard case .object(let object) = metric else {
                        log.add(
                            seriesPath.appending("metric"),
                            "series skipped: expected an object of labels, found \(metric.kindName)")
                        continue
                    }
                    labels = object
                }
                let key = isMatrix ? "values" : "value"
                guard let points = entry[key] else {
                    let histogram = entry[isMatrix ? "histograms" : "histogram"] != nil
                    log.add(
                        seriesPath,
                        histogram
                            ? "native histogram samples are not supported; series skipped"
                            : "series skipped: no \"\(key)\"")
                    continue
                }
                if !isMatrix {
                    samples.append(Sample(labels: labels, pair: points, path: seriesPath.appending(key)))
                    continue
                }
                guard case .array(let pairs) = points else {
                    log.add(
                        seriesPath.appending(key),
                        "series skipped: expected an array of [time, value], found \(points.kindName)")
                    continue
                }
                for (pairIndex, pair) in pairs.enumerated() {
                    samples.append(
                        Sample(labels: labels, pair: pair, path: seriesPath.appending(key).appending(index: pairIndex)))
                }
            }
            return samples
        default:
            throw PayloadError(
                .invalidValue, at: dataPath.appending("resultType"),
                "expected \"vector\", \"matrix\", \"scalar\" or \"string\", found \(resultType.compactJSON)")
        }
    }

    private func makeRows(_ samples: [Sample], log: inout ProblemLog) -> RowBatch {
        var labelSet: Set<String> = []
        for sample in samples {
            for member in sample.labels?.members ?? [] { labelSet.insert(member.key) }
        }
        let labels = labelSet.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let names = PrometheusLabelColumns.columnNames(forSortedLabels: labels, reserved: ["value", "timestamp"])
        var position: [String: Int] = [:]
        for (index, label) in labels.enumerated() { position[label] = index }

        var builder = RowBatchBuilder(header: FocusHeader(names + ["value", "timestamp"]))
        for sample in samples {
            guard let (value, timestamp) = readPair(sample.pair, at: sample.path, log: &log) else { continue }
            var fields = [String?](repeating: nil, count: labels.count)
            for member in sample.labels?.members ?? [] {
                if let column = position[member.key] { fields[column] = member.value.fieldText }
            }
            builder.appendRow(fields + [value, timestamp])
        }
        return builder.finish()
    }

    /// `[time, "value"]` as (value text, RFC 3339 time), or `nil` after logging why not.
    private func readPair(_ pair: JSONNode, at path: JSONPath, log: inout ProblemLog) -> (String, String)? {
        guard case .array(let parts) = pair, parts.count == 2 else {
            log.add(path, "sample skipped: expected [time, \"value\"], found \(pair.compactJSON.prefix(80))")
            return nil
        }
        let timeText: String?
        switch parts[0] {
        case .number(let text), .string(let text): timeText = PrometheusTimestamp.rfc3339(epochSeconds: text)
        default: timeText = nil
        }
        guard let timestamp = timeText else {
            log.add(
                path.appending(index: 0),
                "sample skipped: \(parts[0].compactJSON.prefix(40)) is not a time in Unix seconds "
                    + "between years 0 and 9999"
            )
            return nil
        }
        switch parts[1] {
        case .string(let text), .number(let text): return (text, timestamp)
        default:
            log.add(
                path.appending(index: 1), "sample skipped: expected the value as a string, found \(parts[1].kindName)")
            return nil
        }
    }
}
