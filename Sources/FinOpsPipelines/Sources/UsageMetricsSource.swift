import FinOpsAPI
import Focus
import Foundation
import SourcePayloads

/// metricType `resource`: usage metrics of the resources found in a FOCUS report.
///
/// Each poll reads the report (the configured url/request), keeps the distinct `ResourceId`s of rows whose
/// `ResourceType` matches a ResourceConfig's `resourceFocusName` (case-insensitively), and for each resource and
/// MetricConfig asks the provider's metrics API for `<ResourceId><resourceSuffix>`, the suffix's three `%s` filled
/// with the metric name, the timespan (`day`, `month` or `year` ending now, as `start/end`) and the interval (as
/// Krateo did). Azure-Monitor-shaped answers become rows keyed by (ResourceId, metricName, timestamp).
///
/// A resource whose request fails is reported as a rejected row and the others go on; the poll fails only when
/// every request failed.
public struct UsageMetricsSource: CostSource {
    public let costs: EndpointSource
    public let resources: [ExporterConfigFile.Resource]
    public let now: @Sendable () -> Date
    public var summary: String { "usage metrics of \(costs.summary)" }

    public init(costs: EndpointSource, resources: [ExporterConfigFile.Resource], now: @escaping @Sendable () -> Date) {
        self.costs = costs
        self.resources = resources
        self.now = now
    }

    /// Collects the ResourceIds of matching rows.
    struct ResourceFinder: RowReceiver {
        let wanted: [String: ExporterConfigFile.Resource]
        var found: [(id: String, resource: ExporterConfigFile.Resource)] = []
        var seen: Set<String> = []

        mutating func receive(_ batch: RowBatch) throws(SourceError) {
            guard let typeColumn = batch.header.index(of: "ResourceType"),
                let idColumn = batch.header.index(of: "ResourceId")
            else {
                throw SourceError(.payload, "The report has no ResourceType and ResourceId columns to find resources.")
            }
            for row in 0..<batch.rowCount {
                guard let type = batch.string(row: row, column: typeColumn)?.lowercased(),
                    let resource = wanted[type], let id = batch.string(row: row, column: idColumn), !id.isEmpty,
                    seen.insert(id.lowercased()).inserted
                else { continue }
                found.append((id, resource))
            }
        }

        mutating func reject(_ problem: RowProblem) {}
        mutating func rejectUndescribed(count: Int) {}
    }

    public func poll<Receiver: RowReceiver>(into receiver: inout Receiver) async throws(SourceError) {
        var finder = ResourceFinder(
            wanted: Dictionary(
                resources.map { ($0.resourceFocusName.lowercased(), $0) }, uniquingKeysWith: { a, _ in a }))
        try await costs.poll(into: &finder)
        var requests = 0
        var failures: [SourceError] = []
        for (id, resource) in finder.found {
            for metric in resource.metrics {
                requests += 1
                do throws(SourceError) {
                    let path =
                        id
                        + Self.format(
                            metric.resourceSuffix,
                            [metric.metricName, Self.timespan(metric.timespan, now: now()), metric.interval])
                    let request = try await costs.plan.request(
                        override: metric.request, endpointOverride: metric.endpoint, path: path)
                    var body = BodyCollector(what: "A metrics answer")
                    try await costs.fetcher.fetch(request, into: &body)
                    let decoded: DecodedPayload
                    do { decoded = try AzureMonitorMetricsDecoder(resourceID: id).decode(body.bytes) } catch {
                        throw SourceError(.payload, "The metrics of \(id) cannot be read: \(error).")
                    }
                    for problem in decoded.problems {
                        receiver.reject(
                            RowProblem(kind: "item", location: "\(id) \(problem.path)", message: problem.message))
                    }
                    try receiver.receive(decoded.rows)
                } catch {
                    failures.append(error)
                    receiver.reject(
                        RowProblem(kind: "resource", location: id, message: "\(metric.metricName): \(error.message)"))
                }
            }
        }
        if requests > 0, failures.count == requests, let first = failures.first {
            throw SourceError(
                first.reason, "Every metrics request failed; the first: \(first.message)", statusCode: first.statusCode)
        }
        if requests == 0 {
            // No matching resource: an empty but valid poll (the series disappear), with the header of usage rows.
            try receiver.receive(RowBatch(header: FocusHeader(AzureMonitorMetricsDecoder.columns)))
        }
    }

    /// Go's `Sprintf` with `%s` only: each `%s` takes the next value, URL-query-encoded; `%%` is a `%`.
    static func format(_ template: String, _ values: [String]) -> String {
        var result = ""
        var values = values.makeIterator()
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "%", next < template.endIndex {
                if template[next] == "s" {
                    let value = values.next() ?? ""
                    result +=
                        value.addingPercentEncoding(
                            withAllowedCharacters: .urlQueryAllowed.subtracting(["&", "+", "="]))
                        ?? value
                    index = template.index(after: next)
                    continue
                }
                if template[next] == "%" {
                    result.append("%")
                    index = template.index(after: next)
                    continue
                }
            }
            result.append(character)
            index = next
        }
        return result
    }

    /// `day`, `month` or `year` ending at `now`, as an ISO-8601 interval `start/end` in UTC.
    static func timespan(_ span: String, now: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let component: Calendar.Component =
            switch span.lowercased() {
            case "year": .year
            case "month": .month
            default: .day
            }
        let start = calendar.date(byAdding: component, value: -1, to: now) ?? now
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return "\(formatter.string(from: start))/\(formatter.string(from: now))"
    }
}
