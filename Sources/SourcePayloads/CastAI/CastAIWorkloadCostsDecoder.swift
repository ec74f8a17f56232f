import Focus

/// What the Cast AI mapping needs besides a workload-costs answer: the cluster it is about (from
/// `GET /v1/kubernetes/external-clusters`), the step the report was asked for, and which labels become tags.
public struct CastAIMappingOptions: Sendable, Hashable {
    public var clusterId: String
    public var clusterName: String?
    public var organizationId: String?
    /// `eks`, `gke`, `aks`, … (the cluster's `providerType`): names the host provider.
    public var providerType: String?
    public var regionId: String?
    public var regionName: String?
    /// The cluster's `tags`; workload labels win over them on the same key.
    public var clusterTags: [String: String] = [:]
    /// The report's `stepSeconds`: each `costMetrics` entry covers this long from its `timestamp`.
    public var stepSeconds: Int = 3600
    /// Tag keys kept; `nil` keeps every key.
    public var tagAllowlist: Set<String>?
    /// The cluster's own CPU and memory prices (`clusters/prices`): ContractedCost. `nil`: ContractedCost falls back
    /// to ListCost.
    public var contractedPrices: CastAIUnitPrices?
    /// Default list prices (`anywhere-cluster-default-pricing`): ListCost. `nil`: ListCost falls back to BilledCost.
    public var listPrices: CastAIUnitPrices?
    /// The organization's discounts; the ones covering a row are named in `x_CastAIDiscounts`.
    public var discounts: [CastAIDiscount] = []
    /// Namespaces whose workloads are left out.
    public var excludedNamespaces: Set<String> = []

    public init(clusterId: String) { self.clusterId = clusterId }

    /// The options for a cluster of the list answer.
    public init(cluster: CastAICluster) {
        clusterId = cluster.id
        clusterName = cluster.name
        organizationId = cluster.organizationId
        providerType = cluster.providerType
        regionId = cluster.regionId
        regionName = cluster.regionName
        clusterTags = cluster.tags
    }

    /// The cloud behind a `providerType`.
    var hostProviderName: String? {
        switch providerType?.lowercased() {
        case "eks"?: "AWS"
        case "gke"?: "Google Cloud"
        case "aks"?: "Microsoft Azure"
        case "oke"?: "Oracle Cloud"
        case let other?: other
        case nil: nil
        }
    }
}

/// FOCUS 1.3 rows from Cast AI's `GET /v1/cost-reports/clusters/{id}/workload-costs`: one row per workload, step and
/// pricing tier (on-demand, spot, spot-fallback) whose cost is not zero, plus one storage row per step with storage
/// cost (mapping in `docs/sources.md`).
///
/// Cast AI reports **average hourly** costs per step (`costOnDemand` …, strings); a row's cost is that rate times
/// the step's hours. `BilledCost` = `EffectiveCost` = that cost (Cast AI's actual prices, after discounts). A compute
/// row's ListCost is its CPU and memory hours at ``CastAIMappingOptions/listPrices``, else BilledCost; its
/// ContractedCost the same at ``CastAIMappingOptions/contractedPrices``, else ListCost; ListCost is raised to
/// ContractedCost when below it, so ListCost ≥ ContractedCost ≥ 0 always holds. Where each came from is in
/// `x_CastAIListCostSource` (`default-pricing`, `billed-cost`, `contracted-cost`) and `x_CastAIContractedCostSource`
/// (`cluster-prices`, `list-cost`). Storage rows have no unit prices: all four costs are BilledCost.
public struct CastAIWorkloadCostsDecoder: Sendable {
    public let options: CastAIMappingOptions

    public init(options: CastAIMappingOptions) { self.options = options }

    public func decode(_ bytes: some Collection<UInt8>) throws(PayloadError) -> DecodedPayload {
        try decode(PayloadJSON.parse(bytes))
    }

    /// The pricing tiers: the field suffix, `x_CastAIPricingTier`, `PricingCategory`.
    static let tiers: [(suffix: String, name: String, category: String)] = [
        ("OnDemand", "on-demand", "Standard"), ("Spot", "spot", "Dynamic"),
        ("SpotFallback", "spot-fallback", "Standard"),
    ]

    public func decode(_ root: JSONNode) throws(PayloadError) -> DecodedPayload {
        guard root.objectValue != nil else {
            throw PayloadError.wrongType(at: .root, expected: "a workload report object", found: root)
        }
        if let message = root["message"]?.stringValue, root["items"] == nil {
            throw PayloadError(.sourceReportedError, at: .root, "Cast AI answered: \(message)")
        }
        var log = ProblemLog()
        var builder = RowBatchBuilder(header: FocusRowDraft<CastAIColumn>.header)
        let items = root["items"]?.arrayValue ?? []
        let clusterId = root["clusterId"]?.stringValue ?? options.clusterId
        let hours = Double(options.stepSeconds) / 3600
        var times = TimestampTexts()
        for (index, item) in items.enumerated() {
            let path = JSONPath.root.appending("items").appending(index: index)
            guard let object = item.objectValue else {
                log.add(path, "workload skipped: expected an object, found \(item.kindName)")
                continue
            }
            let workload = KubecostFields(object, at: path)
            guard let name = workload.string("workloadName") else {
                log.add(path, "workload skipped: no workloadName")
                continue
            }
            let type = workload.string("workloadType") ?? "Workload"
            let namespace = workload.string("namespace") ?? ""
            if options.excludedNamespaces.contains(namespace) { continue }
            var labels: [(String, String)] = []
            for label in workload["labels"]?.arrayValue ?? [] {
                if let key = label["name"]?.stringValue, let value = label["value"]?.stringValue {
                    labels.append((key, value))
                }
            }
            let tags = FocusText.tags(
                labels + options.clusterTags.sorted { $0.key < $1.key },
                keeps: { options.tagAllowlist?.contains($0) ?? true })
            let resourceId = "castai://\(clusterId)/\(namespace)/\(type)/\(name)"

            for (step, metrics) in (workload["costMetrics"]?.arrayValue ?? []).enumerated() {
                let stepPath = path.appending("costMetrics").appending(index: step)
                guard let entry = metrics.objectValue,
                    let start = metrics["timestamp"]?.stringValue.flatMap({ FocusTimestamp($0) })
                else {
                    log.add(stepPath, "step skipped: no timestamp")
                    continue
                }
                let fields = KubecostFields(entry, at: stepPath)
                let end = FocusTimestamp(
                    microsecondsSinceEpoch: start.microsecondsSinceEpoch + Int64(options.stepSeconds) * 1_000_000)
                var draft = FocusRowDraft<CastAIColumn>()
                draft.setUsageCharge(
                    account: options.organizationId ?? clusterId, currency: "USD", start: start, end: end, texts: &times
                )
                draft.setCastAIParties(organization: options.organizationId, start: start)
                draft[.hostProviderName] = options.hostProviderName
                draft[.regionId] = options.regionId
                draft[.regionName] = options.regionName ?? options.regionId
                draft[.resourceId] = resourceId
                draft[.resourceName] = name
                draft[.resourceType] = type
                draft[.serviceName] = "Kubernetes"
                draft[.subAccountId] = clusterId
                draft[.subAccountName] = options.clusterName ?? clusterId
                draft[.tags] = tags
                draft[.xCastAIClusterId] = clusterId
                draft[.xCastAIOrganizationId] = options.organizationId
                draft[.xNamespace] = namespace.isEmpty ? nil : namespace

                for tier in Self.tiers {
                    let rate = fields.decimal("cost\(tier.suffix)", log: &log)
                    guard !rate.isZero else { continue }
                    let cpuHours = (fields.double("cpuCount\(tier.suffix)") ?? 0) * hours
                    let memoryHours = (fields.double("ramGib\(tier.suffix)") ?? 0) * hours
                    setCompute(
                        &draft, billed: rate.doubleValue * hours, cpuHours: cpuHours, memoryHours: memoryHours)
                    draft[.xCastAIDiscounts] = discountNames(clusterId, tier: tier.name, start, end)
                    draft[.chargeDescription] =
                        "Cast AI workload compute (\(tier.name)) for \(namespace)/\(type)/\(name)"
                    let quantity = cpuHours > 0 ? FocusText.quantity(cpuHours) : nil
                    draft[.consumedQuantity] = quantity
                    draft[.consumedUnit] = quantity == nil ? nil : "vCPU-Hours"
                    draft[.pricingQuantity] = quantity
                    draft[.pricingUnit] = quantity == nil ? nil : "vCPU-Hours"
                    draft[.pricingCategory] = tier.category
                    draft[.serviceCategory] = "Compute"
                    draft[.serviceSubcategory] = "Containers"
                    draft[.skuId] = "castai-compute-\(tier.name)"
                    draft[.skuPriceId] = "\(options.providerType ?? "castai")/\(options.regionId ?? "any")/\(tier.name)"
                    draft[.xCastAIPricingTier] = tier.name
                    draft[.xCastAICostComponent] = "compute"
                    draft[.xCastAIPodCount] = fields.string("podCount\(tier.suffix)")
                    builder.append(draft)
                }
                let storage = fields.decimal("storageCost", log: &log)
                if !storage.isZero {
                    draft.setCosts(FocusText.decimal(storage.doubleValue * hours, fractionDigits: 12) ?? "0")
                    draft[.listUnitPrice] = nil
                    draft[.contractedUnitPrice] = nil
                    draft[.xCastAIListCostSource] = "billed-cost"
                    draft[.xCastAIContractedCostSource] = "list-cost"
                    draft[.xCastAIDiscounts] = nil
                    draft[.chargeDescription] = "Cast AI workload storage for \(namespace)/\(type)/\(name)"
                    let gib = (fields.double("storageGib") ?? 0) * hours
                    let quantity = gib > 0 ? FocusText.quantity(gib) : nil
                    draft[.consumedQuantity] = quantity
                    draft[.consumedUnit] = quantity == nil ? nil : "GiB-Hours"
                    draft[.pricingQuantity] = quantity
                    draft[.pricingUnit] = quantity == nil ? nil : "GiB-Hours"
                    draft[.pricingCategory] = nil
                    draft[.serviceCategory] = "Storage"
                    draft[.serviceSubcategory] = "Block Storage"
                    draft[.skuId] = "castai-storage"
                    draft[.skuPriceId] = nil
                    draft[.xCastAIPricingTier] = nil
                    draft[.xCastAICostComponent] = "storage"
                    draft[.xCastAIPodCount] = nil
                    builder.append(draft)
                }
            }
        }
        return DecodedPayload(rows: builder.finish(), problems: log.problems, omittedProblemCount: log.omittedCount)
    }

    /// The four costs, the unit prices per vCPU-hour and where List and Contracted came from, for a compute row.
    private func setCompute(
        _ draft: inout FocusRowDraft<CastAIColumn>, billed: Double, cpuHours: Double, memoryHours: Double
    ) {
        func priced(_ prices: CastAIUnitPrices) -> Double {
            cpuHours * prices.cpuHourly + memoryHours * prices.memoryGiBHourly
        }
        var list = options.listPrices.map(priced) ?? billed
        var listSource = options.listPrices == nil ? "billed-cost" : "default-pricing"
        let contracted = options.contractedPrices.map(priced) ?? list
        if contracted > list {
            list = contracted
            listSource = "contracted-cost"
        }
        // Equal amounts share one text: formatting decimals is most of the mapping's time.
        func text(_ value: Double) -> String { FocusText.decimal(value, fractionDigits: 12) ?? "0" }
        let billedText = text(billed)
        let listText = list == billed ? billedText : text(list)
        let contractedText = contracted == list ? listText : text(contracted)
        draft[.billedCost] = billedText
        draft[.effectiveCost] = billedText
        draft[.listCost] = listText
        draft[.contractedCost] = contractedText
        let listUnit = cpuHours > 0 ? text(list / cpuHours) : nil
        draft[.listUnitPrice] = listUnit
        draft[.contractedUnitPrice] = contracted == list ? listUnit : cpuHours > 0 ? text(contracted / cpuHours) : nil
        draft[.xCastAIListCostSource] = listSource
        draft[.xCastAIContractedCostSource] = options.contractedPrices == nil ? "list-cost" : "cluster-prices"
    }

    /// The names (ids when unnamed) of the discounts covering a compute row, as a JSON array; `nil` when none.
    private func discountNames(
        _ cluster: String, tier: String, _ start: FocusTimestamp, _ end: FocusTimestamp
    ) -> String? {
        let names = options.discounts.filter { $0.applies(cluster: cluster, tier: tier, from: start, to: end) }
            .map { JSONNode.string($0.name ?? $0.id) }
        return names.isEmpty ? nil : JSONNode.array(names).compactJSON
    }
}

extension FocusRowDraft where Column == CastAIColumn {
    /// Cast AI as provider, publisher and invoice issuer, and the synthetic `CASTAI-{org}-{yyyy}-{mm}` InvoiceId of
    /// the month of `start` when the organization is known.
    mutating func setCastAIParties(organization: String?, start: FocusTimestamp) {
        let month = start.description
        self[.invoiceId] = organization.map { "CASTAI-\($0)-\(month.prefix(4))-\(month.dropFirst(5).prefix(2))" }
        self[.providerName] = "Cast AI"
        self[.serviceProviderName] = "Cast AI"
        self[.publisherName] = "Cast AI"
        self[.invoiceIssuerName] = "Cast AI"
    }
}

/// The columns of Cast AI rows.
enum CastAIColumn: Int, FocusChargeColumns {
    case billedCost, billingAccountId, billingAccountName, billingCurrency, billingPeriodEnd, billingPeriodStart
    case chargeCategory, chargeClass, chargeDescription, chargeFrequency, chargePeriodEnd, chargePeriodStart
    case consumedQuantity, consumedUnit, contractedCost, contractedUnitPrice, effectiveCost, hostProviderName
    case invoiceId, invoiceIssuerName, listCost, listUnitPrice, pricingCategory, pricingQuantity, pricingUnit,
        providerName, publisherName
    case regionId, regionName, resourceId, resourceName, resourceType, serviceCategory, serviceName
    case serviceProviderName, serviceSubcategory, skuId, skuPriceId, subAccountId, subAccountName, tags
    case xCastAIClusterId, xCastAIOrganizationId, xCastAIPricingTier, xCastAICostComponent, xCastAIPodCount
    case xCastAIListCostSource, xCastAIContractedCostSource, xCastAIDiscounts, xCastAIFreeOfCharge
    case xCastAICreditsApplied, xCastAIBillingScope, xNamespace
}
