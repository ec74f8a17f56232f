import FinOpsAPI
import Focus
import Foundation
import KubeCore
import SourcePayloads

/// `exporterConfig.castai`: each poll lists the organization's clusters, asks each selected cluster's workload cost
/// report for the whole steps of the window (cursor paging), and maps it to FOCUS rows
/// (``CastAIWorkloadCostsDecoder``).
///
/// The enrichment calls (cluster prices, default pricing, billing, discounts) run in parallel with the cluster list;
/// one that fails never fails the poll: its documented fallback is used and reported through
/// ``RowReceiver/fallback(_:)``. A failing cluster list or workload report fails the poll (a poll missing a cluster
/// must not replace a complete one).
public struct CastAISource: CostSource {
    public let plan: RequestPlan
    public let fetcher: SourceFetcher
    public let settings: ExporterConfigFile.CastAI
    public let now: @Sendable () -> Date
    /// `page.limit` of the paged calls.
    public var pageLimit = 500
    /// Pages read per cluster report at most (a cursor that never ends is an error, not a hang).
    public var maximumPages = 10_000

    public init(
        plan: RequestPlan, fetcher: SourceFetcher, settings: ExporterConfigFile.CastAI,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.plan = plan
        self.fetcher = fetcher
        self.settings = settings
        self.now = now
    }

    public var summary: String { "Cast AI organization \(settings.organizationId)" }

    /// The window of this poll: whole steps ending at or before now.
    func window() -> (start: FocusTimestamp, end: FocusTimestamp) {
        let step = Int64(settings.stepSeconds)
        let end = Int64(now().timeIntervalSince1970) / step * step
        return (
            FocusTimestamp(secondsSinceEpoch: end - Int64(settings.windowSeconds)),
            FocusTimestamp(secondsSinceEpoch: end)
        )
    }

    public func poll<Receiver: RowReceiver>(into receiver: inout Receiver) async throws(SourceError) {
        let (start, end) = window()
        let organization = PercentEncoding.escape(settings.organizationId)
        async let prices = enrichment(settings.clusterPrices) { () async throws(SourceError) in
            try await pages("/pricing/v1/organizations/\(organization)/clusters/prices") { root throws(PayloadError) in
                try CastAIUnitPrices.clusterPricesPage(root)
            }.reduce(into: [String: CastAIUnitPrices]()) { $0.merge($1) { _, last in last } }
        }
        async let defaults = enrichment(settings.defaultPricing) { () async throws(SourceError) in
            try decode(
                try await json("/pricing/v1beta/organizations/\(organization)/anywhere-cluster-default-pricing"),
                CastAIUnitPrices.defaultPricing)
        }
        async let discounts = enrichment(settings.discounts) { () async throws(SourceError) in
            try await pages("/v1/discounts") { root throws(PayloadError) in try CastAIDiscount.page(root) }
                .flatMap { $0 }
        }
        async let usage = enrichment(settings.billing) { () async throws(SourceError) in
            try decode(try await json("/v1/billing/platform-usage-report"), CastAIFeatureUsage.report)
        }
        async let enterpriseUsage = enrichment(settings.enterpriseBilling) { () async throws(SourceError) in
            try decode(try await json("/v1/billing/enterprise/usage-report"), CastAIFeatureUsage.report)
        }
        let clusters = try await selectedClusters(reporting: &receiver)
        let enriched = Enrichment(
            prices: await prices, defaults: await defaults, discounts: await discounts, usage: await usage,
            enterpriseUsage: await enterpriseUsage)
        enriched.reportFallbacks(to: &receiver)

        for cluster in clusters {
            var options = CastAIMappingOptions(cluster: cluster)
            options.organizationId = cluster.organizationId ?? settings.organizationId
            options.stepSeconds = settings.stepSeconds
            options.tagAllowlist = settings.tagAllowlist.map(Set.init)
            options.excludedNamespaces = Set(settings.excludeNamespaces ?? [])
            options.contractedPrices = (try? enriched.prices?.get())?[cluster.id]
            if cluster.providerType?.lowercased() == "anywhere" { options.listPrices = try? enriched.defaults?.get() }
            options.discounts = (try? enriched.discounts?.get()) ?? []
            let decoder = CastAIWorkloadCostsDecoder(options: options)
            var cursor: String?
            var seen = Set<String>()
            for page in 0... {
                guard page < maximumPages else {
                    throw SourceError(
                        .payload, "The workload report of cluster \(cluster.id) has more than \(maximumPages) pages.")
                }
                let root = try await json(workloadPath(cluster: cluster.id, start: start, end: end, cursor: cursor))
                if let reason = root["noDataReason"]?.stringValue, !reason.isEmpty,
                    root["items"]?.arrayValue?.isEmpty ?? true
                {
                    receiver.reject(
                        RowProblem(
                            kind: "no-data", location: "cluster \(cluster.id)",
                            message: "Cast AI has no cost data for cluster \(cluster.name ?? cluster.id): \(reason)"))
                }
                try receiver.receive(try decode(root) { root throws(PayloadError) in try decoder.decode(root) })
                guard let next = root["nextCursor"]?.stringValue, !next.isEmpty else { break }
                guard seen.insert(next).inserted else {
                    throw SourceError(.payload, "The workload report of cluster \(cluster.id) repeats a page cursor.")
                }
                cursor = next
            }
        }
        for (scope, result) in [("organization", enriched.usage), ("enterprise", enriched.enterpriseUsage)] {
            guard let features = try? result?.get(), !features.isEmpty else { continue }
            try receiver.receive(
                CastAIPlatformUsageMapping.rows(
                    features, organizationId: settings.organizationId, scope: scope,
                    monthStart: end.calendarMonth.start, end: end))
        }
    }

    /// The enrichment results; `nil` for a call not made.
    struct Enrichment {
        var prices: Result<[String: CastAIUnitPrices], SourceError>?
        var defaults: Result<CastAIUnitPrices, SourceError>?
        var discounts: Result<[CastAIDiscount], SourceError>?
        var usage: Result<[CastAIFeatureUsage], SourceError>?
        var enterpriseUsage: Result<[CastAIFeatureUsage], SourceError>?

        func reportFallbacks<Receiver: RowReceiver>(to receiver: inout Receiver) {
            func report<T>(_ result: Result<T, SourceError>?, _ part: String, _ fallback: String) {
                guard case .failure(let error)? = result else { return }
                receiver.fallback(SourceFallback(part: part, message: "\(error.message) \(fallback)"))
            }
            report(prices, "cluster-prices", "ContractedCost falls back to ListCost.")
            report(defaults, "default-pricing", "ListCost falls back to BilledCost.")
            report(discounts, "discounts", "Discounts are not named in x_CastAIDiscounts.")
            report(usage, "billing", "Cast AI platform usage rows are left out.")
            report(enterpriseUsage, "enterprise-billing", "Cast AI enterprise usage rows are left out.")
        }
    }

    /// Runs an enrichment call when enabled; its failure becomes a value.
    private func enrichment<T: Sendable>(
        _ enabled: Bool, _ call: @Sendable () async throws(SourceError) -> T
    ) async -> Result<T, SourceError>? {
        guard enabled else { return nil }
        do { return .success(try await call()) } catch { return .failure(error) }
    }

    /// The clusters to report: not deleted, and selected by id or name; an include entry matching none is reported.
    private func selectedClusters<Receiver: RowReceiver>(reporting receiver: inout Receiver) async throws(SourceError)
        -> [CastAICluster]
    {
        let all = try decode(try await json("/v1/kubernetes/external-clusters"), CastAICluster.list)
            .filter { !$0.deleted }
        func matches(_ cluster: CastAICluster, _ entries: [String]) -> Bool {
            entries.contains(cluster.id) || cluster.name.map(entries.contains) == true
        }
        if let include = settings.clusters {
            for entry in include where !all.contains(where: { matches($0, [entry]) }) {
                receiver.reject(
                    RowProblem(
                        kind: "unknown-cluster", location: "castai.clusters",
                        message: "no cluster of organization \(settings.organizationId) has the id or name \(entry)"))
            }
            return all.filter { matches($0, include) }
        }
        if let exclude = settings.excludeClusters { return all.filter { !matches($0, exclude) } }
        return all
    }

    func workloadPath(cluster: String, start: FocusTimestamp, end: FocusTimestamp, cursor: String?) -> String {
        var query = [
            ("startTime", start.description), ("endTime", end.description), ("stepSeconds", "\(settings.stepSeconds)"),
            ("page.limit", "\(pageLimit)"),
        ]
        if let cursor { query.append(("page.cursor", cursor)) }
        for namespace in settings.namespaces ?? [] { query.append(("filter.namespaces", namespace)) }
        for label in settings.tagAllowlist ?? [] { query.append(("labelsToInclude", label)) }
        return "/v1/cost-reports/clusters/\(PercentEncoding.escape(cluster))/workload-costs?"
            + query.map { "\($0)=\(PercentEncoding.escape($1))" }.joined(separator: "&")
    }

    /// Every page of a list whose cursor is `page.cursor` on the request and `next` in the answer.
    private func pages<Page>(_ path: String, _ read: (JSONNode) throws(PayloadError) -> (Page, String?))
        async throws(SourceError) -> [Page]
    {
        var result: [Page] = []
        var cursor: String?
        var seen = Set<String>()
        repeat {
            var query = "page.limit=\(pageLimit)"
            if let cursor { query += "&page.cursor=\(PercentEncoding.escape(cursor))" }
            let (page, next) = try decode(try await json(path + "?" + query), read)
            result.append(page)
            cursor = next
            if let next, !seen.insert(next).inserted || result.count >= maximumPages {
                throw SourceError(.payload, "The pages of \(path) do not end.")
            }
        } while cursor != nil
        return result
    }

    /// The JSON answer of `path` on the endpoint.
    private func json(_ path: String) async throws(SourceError) -> JSONNode {
        let request = try await plan.request(path: path)
        var body = BodyCollector(what: "The answer of \(Self.withoutQuery(path))", limit: 512 << 20)
        try await fetcher.fetch(request, into: &body)
        do { return try JSONParser.parse(body.bytes) } catch {
            throw SourceError(.payload, "The answer of \(Self.withoutQuery(path)) is not JSON: \(error).")
        }
    }

    private func decode<T>(_ root: JSONNode, _ read: (JSONNode) throws(PayloadError) -> T) throws(SourceError) -> T {
        do { return try read(root) } catch {
            throw SourceError(.payload, "A Cast AI answer cannot be read: \(error).")
        }
    }

    static func withoutQuery(_ path: String) -> String { String(path.split(separator: "?").first ?? "") }
}
