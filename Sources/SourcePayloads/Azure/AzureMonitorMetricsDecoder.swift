import Focus

/// Usage rows from an Azure Monitor metrics REST response (`GET {resourceId}/providers/Microsoft.Insights/metrics`):
/// `{"cost":…,"timespan":…,"interval":"PT1H","value":[{"name":{"value":…},"unit":…,"timeseries":[{"metadatavalues":
/// […],"data":[{"timeStamp":…,"average":…,…}]}]}],"namespace":…,"resourceregion":…}`.
///
/// One row per data point, keyed by (`ResourceId`, `metricName`, `timestamp`) plus `dimensions` when the request
/// split the metric by dimension. Columns, in order: ``columns``. The first five are those of Krateo's `resource`
/// exporter (`ResourceId,metricName,timestamp,average,unit`, value in `average`), so its metric and label names
/// carry over; `total`, `minimum`, `maximum`, `count` and `dimensions` follow.
///
/// - `ResourceId` is the resource the request was made for, given by the caller (the response only has metric ids).
/// - Aggregation values keep their digits; exponent notation is expanded (`6.2E-05` → `0.000062`).
/// - `timestamp` is RFC 3339 UTC. `dimensions` is a JSON object of the series' `metadatavalues` (null if none).
/// - Points with no aggregation value (Azure's "no data in this interval") are left out silently; points, series
///   and metrics that cannot be read are skipped and reported as problems, as is a metric whose `errorCode` is not
///   `Success`. An `error` object instead of `value` throws ``PayloadError/Code/sourceReportedError``.
public struct AzureMonitorMetricsDecoder: Sendable {
    /// The columns of every batch this decoder makes.
    public static let columns = [
        "ResourceId", "metricName", "timestamp", "average", "unit", "total", "minimum", "maximum", "count",
        "dimensions",
    ]
    /// The aggregation members of a data point; `average` goes before `unit` (Krateo's order), the rest after it.
    static let aggregations = ["average", "total", "minimum", "maximum", "count"]

    /// The resource the metrics were requested for (Krateo's `additionalVariables.ResourceId`).
    public var resourceID: String

    /// A decoder for responses about the resource `resourceID`.
    public init(resourceID: String) {
        self.resourceID = resourceID
    }

    /// Decodes UTF-8 JSON bytes.
    public func decode(_ bytes: some Collection<UInt8>) throws(PayloadError) -> DecodedPayload {
        try decode(PayloadJSON.parse(bytes))
    }

    /// Decodes a parsed payload.
    public func decode(_ root: JSONNode) throws(PayloadError) -> DecodedPayload {
        guard case .object(let response) = root else {
            throw PayloadError.wrongType(at: .root, expected: "an Azure Monitor metrics response object", found: root)
        }
        if let error = response["error"], case .object(let details) = error {
            let code = details["code"]?.fieldText ?? "unknown"
            let message = details["message"]?.fieldText ?? "no message"
            throw PayloadError(
                .sourceReportedError, at: JSONPath.root.appending("error"),
                "Azure Monitor reported \(code): \(message)",
                sourceErrorType: code)
        }
        let valuePath = JSONPath.root.appending("value")
        guard let value = response["value"] else {
            throw PayloadError.missing("value", in: .root, expected: "array of metrics")
        }
        guard case .array(let metrics) = value else {
            throw PayloadError.wrongType(at: valuePath, expected: "an array of metrics", found: value)
        }
        var log = ProblemLog()
        var builder = RowBatchBuilder(header: FocusHeader(Self.columns))
        for (index, metric) in metrics.enumerated() {
            appendMetric(metric, at: valuePath.appending(index: index), to: &builder, log: &log)
        }
        return DecodedPayload(rows: builder.finish(), log: log)
    }

    private func appendMetric(
        _ node: JSONNode, at path: JSONPath, to builder: inout RowBatchBuilder, log: inout ProblemLog
    ) {
        guard case .object(let metric) = node else {
            log.add(path, "metric skipped: expected an object, found \(node.kindName)")
            return
        }
        guard let name = metric["name"]?["value"]?.stringValue ?? metric["name"]?.stringValue else {
            log.add(path.appending("name"), "metric skipped: no name.value string")
            return
        }
        if let errorCode = metric["errorCode"]?.stringValue, errorCode != "Success" {
            let message = metric["errorMessage"]?.fieldText.map { ": \($0)" } ?? ""
            log.add(path.appending("errorCode"), "Azure reported \(errorCode) for metric \(name)\(message)")
        }
        let unit = metric["unit"]?.fieldText
        guard let timeseries = metric["timeseries"] else { return }
        guard case .array(let series) = timeseries else {
            log.add(path.appending("timeseries"), "metric skipped: expected an array, found \(timeseries.kindName)")
            return
        }
        for (seriesIndex, entry) in series.enumerated() {
            let seriesPath = path.appending("timeseries").appending(index: seriesIndex)
            guard case .object(let seriesObject) = entry else {
                log.add(seriesPath, "series skipped: expected an object, found \(entry.kindName)")
                continue
            }
            let dimensions = dimensionsJSON(
                seriesObject["metadatavalues"], at: seriesPath.appending("metadatavalues"), log: &log)
            guard let data = seriesObject["data"] else { continue }
            guard case .array(let points) = data else {
                log.add(seriesPath.appending("data"), "series skipped: expected an array, found \(data.kindName)")
                continue
            }
            for (pointIndex, point) in points.enumerated() {
                let pointPath = seriesPath.appending("data").appending(index: pointIndex)
                guard let values = readPoint(point, at: pointPath, log: &log) else { continue }
                builder.appendRow(
                    [resourceID, name, values.timestamp, values.aggregates[0], unit]
                        + values.aggregates.dropFirst() + [dimensions])
            }
        }
    }

    /// (timestamp, aggregates in ``aggregations`` order), or `nil` when the point is skipped.
    private func readPoint(_ node: JSONNode, at path: JSONPath, log: inout ProblemLog)
        -> (timestamp: String, aggregates: [String?])?
    {
        guard case .object(let point) = node else {
            log.add(path, "data point skipped: expected an object, found \(node.kindName)")
            return nil
        }
        guard let time = point["timeStamp"]?.stringValue else {
            log.add(path.appending("timeStamp"), "data point skipped: no timeStamp string")
            return nil
        }
        guard let timestamp = FocusTimestamp(time)?.description else {
            log.add(
                path.appending("timeStamp"), "data point skipped: \"\(time.prefix(40))\" is not an RFC 3339 date-time")
            return nil
        }
        var aggregates: [String?] = []
        for key in Self.aggregations {
            switch point[key] {
            case nil, .null?:
                aggregates.append(nil)
            case .number(let text)?:
                let plain = DecimalText.plain(jsonNumber: text)
                if plain == nil { log.add(path.appending(key), "value dropped: \(text) is out of range") }
                aggregates.append(plain)
            case let other?:
                log.add(path.appending(key), "value dropped: expected a number, found \(other.kindName)")
                aggregates.append(nil)
            }
        }
        return aggregates.allSatisfy({ $0 == nil }) ? nil : (timestamp, aggregates)
    }

    /// `{"dimension":"value",…}` from `[{"name":{"value":…},"value":…}]`, or `nil` for none.
    private func dimensionsJSON(_ node: JSONNode?, at path: JSONPath, log: inout ProblemLog) -> String? {
        guard let node, !node.isNull else { return nil }
        guard case .array(let entries) = node else {
            log.add(path, "dimensions dropped: expected an array, found \(node.kindName)")
            return nil
        }
        var members: [JSONObject.Member] = []
        for (index, entry) in entries.enumerated() {
            guard let name = entry["name"]?["value"]?.stringValue ?? entry["name"]?.stringValue else {
                log.add(path.appending(index: index), "dimension dropped: no name.value string")
                continue
            }
            members.append(JSONObject.Member(key: name, value: .string(entry["value"]?.fieldText ?? "")))
        }
        return members.isEmpty ? nil : JSONNode.object(JSONObject(members: members)).compactJSON
    }
}
