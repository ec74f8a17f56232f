import Focus

/// FOCUS 1.3 rows from a Kubecost (`/model/assets`) or OpenCost (`/assets`) Assets API response: one row per asset
/// and step (Node, Disk, LoadBalancer, Network, ClusterManagement, Cloud, Shared, and any other type as given).
///
/// - `BilledCost` = `EffectiveCost` = the asset's `totalCost` (after discount and adjustment), so the rows sum to
///   the response's costs exactly; `ContractedCost` = `totalCost − adjustment` (discounted, not yet reconciled);
///   `ListCost` = a node's undiscounted `cpuCost + gpuCost + ramCost`, else `ContractedCost`. The adjustment and
///   the discount are kept in `x_Adjustment` and `x_Discount`.
/// - `ResourceId` = `properties.providerID` (else the asset's key), `ResourceType` = the asset type,
///   `ServiceCategory`/`ServiceSubcategory` from `properties.category` refined by the type.
/// - `ConsumedQuantity`: hours for nodes, load balancers and cluster management (`minutes`/60), GiB-hours for disks.
/// - Region and zone from the well-known topology labels when present; `Tags` from labels through the allowlist.
public struct KubecostAssetsDecoder: Sendable {
    public let options: KubecostMappingOptions

    public init(options: KubecostMappingOptions) { self.options = options }

    /// Decodes UTF-8 JSON bytes.
    public func decode(_ bytes: some Collection<UInt8>) throws(PayloadError) -> DecodedPayload {
        try decode(PayloadJSON.parse(bytes))
    }

    /// Decodes a parsed response.
    public func decode(_ root: JSONNode) throws(PayloadError) -> DecodedPayload {
        let sets = try KubecostEnvelope.items(in: root, itemsKey: "assets")
        var log = ProblemLog()
        var builder = RowBatchBuilder(header: FocusRowDraft<AssetColumn>.header)
        var times = TimestampTexts()
        for item in sets.joined() {
            guard let object = item.object else {
                log.add(item.path, "asset skipped: expected an object, found \(item.node.kindName)")
                continue
            }
            if let row = row(of: item.name, KubecostFields(object, at: item.path), times: &times, log: &log) {
                builder.append(row)
            }
        }
        return DecodedPayload(rows: builder.finish(), problems: log.problems, omittedProblemCount: log.omittedCount)
    }

    private func row(
        of name: String, _ asset: KubecostFields, times: inout TimestampTexts, log: inout ProblemLog
    ) -> FocusRowDraft<AssetColumn>? {
        guard let window = asset.window() else {
            log.add(asset.path, "asset skipped: no window (start before end) to use as its charge period")
            return nil
        }
        let properties = asset["properties"]?.objectValue.map {
            KubecostFields($0, at: asset.path.appending("properties"))
        }
        let type = asset.string("type") ?? properties?.string("type") ?? String(name.prefix { $0 != "/" })
        let cluster = properties?.string("cluster")
        let account =
            options.billingAccountId ?? properties?.string("account") ?? properties?.string("project")
            ?? cluster ?? "kubernetes"
        let cloud = properties?.string("provider")
        let provider = options.serviceProviderName ?? cloud ?? options.flavor.displayName
        let labels = asset.stringPairs("labels") + (properties?.stringPairs("labels") ?? [])

        let total = asset.decimal("totalCost", log: &log)
        let adjustment = asset.decimal("adjustment", log: &log)
        let contracted = total.adding(-adjustment) ?? total
        var list = contracted
        if type == "Node" {
            let parts = ["cpuCost", "gpuCost", "ramCost"].map { asset.decimal($0, log: &log) }
            let undiscounted = parts.dropFirst().reduce(parts[0]) { $0.plus($1, at: asset.path, log: &log) }
            if !undiscounted.isZero { list = undiscounted }
        }

        var row = FocusRowDraft<AssetColumn>()
        row[.billedCost] = total.description
        row[.effectiveCost] = total.description
        row[.contractedCost] = contracted.description
        row[.listCost] = list.description
        row.setUsageCharge(
            account: account, currency: options.currency, start: window.start, end: window.end, texts: &times)
        row[.chargeDescription] = "\(type) \(properties?.string("name") ?? name)"
        if let usage = usage(of: type, asset) {
            row[.consumedQuantity] = usage.quantity
            row[.consumedUnit] = usage.unit
            row[.pricingQuantity] = usage.quantity
            row[.pricingUnit] = usage.unit
        }
        if type == "Node" {
            row[.pricingCategory] = (asset.double("preemptible") ?? 0) > 0 ? "Dynamic" : "Standard"
        }
        row[.providerName] = provider
        row[.serviceProviderName] = provider
        row[.publisherName] = options.publisherName ?? options.flavor.displayName
        row[.invoiceIssuerName] = options.invoiceIssuerName ?? provider
        row[.hostProviderName] = options.hostProviderName ?? cloud
        let region = Self.label(labels, ["topology.kubernetes.io/region", "label_topology_kubernetes_io_region"])
        row[.regionId] = region
        row[.regionName] = region
        row[.availabilityZone] = Self.label(
            labels, ["topology.kubernetes.io/zone", "label_topology_kubernetes_io_zone"])
        row[.resourceId] = properties?.string("providerID") ?? name
        row[.resourceName] = properties?.string("name") ?? name
        row[.resourceType] = type
        let service = Self.service(category: properties?.string("category"), type: type)
        row[.serviceCategory] = service.category
        row[.serviceSubcategory] = service.subcategory
        row[.serviceName] = properties?.string("service") ?? "Kubernetes"
        if let project = properties?.string("project"), project != account {
            row[.subAccountId] = project
            row[.subAccountName] = project
        }
        row[.tags] = FocusText.tags(labels, keeps: options.keepsTag)
        row[.xAdjustment] = adjustment.isZero ? nil : adjustment.description
        row[.xAssetType] = type
        row[.xCluster] = cluster
        if let discount = asset["discount"], !discount.isNull {
            row[.xDiscount] = asset.decimal("discount", log: &log).description
        }
        row[.xNodeType] = asset.string("nodeType")
        row[.xStorageClass] = asset.string("storageClass")
        return row
    }

    private func usage(of type: String, _ asset: KubecostFields) -> (unit: String, quantity: String)? {
        let hours = asset.double("minutes").flatMap { FocusText.quantity($0 / 60) }
        switch type {
        case "Node", "LoadBalancer", "ClusterManagement":
            return hours.map { ("Hours", $0) }
        case "Disk":
            guard let byteHours = asset.double("byteHours"), byteHours > 0 else { return nil }
            return FocusText.quantity(byteHours / 1_073_741_824).map { ("GiB-Hours", $0) }
        default:
            return nil
        }
    }

    private static func label(_ labels: [(String, String)], _ keys: [String]) -> String? {
        labels.first { keys.contains($0.0) && !$0.1.isEmpty }?.1
    }

    /// FOCUS service category and subcategory of an asset: its own category (`Compute`, `Storage`, `Network`,
    /// `Management`, `Shared`, `Other`) refined by its type; the type alone when the category is missing.
    static func service(category: String?, type: String) -> (category: String, subcategory: String) {
        let byType: String? =
            switch type {
            case "Node", "ClusterManagement": "Compute"
            case "Disk": "Storage"
            case "LoadBalancer", "Network": "Networking"
            default: nil
            }
        let focusCategory: String =
            switch category {
            case "Compute": "Compute"
            case "Storage": "Storage"
            case "Network", "Networking": "Networking"
            case "Management": "Management and Governance"
            case "Shared", "Other": "Other"
            default: byType ?? "Other"
            }
        let subcategory: String =
            switch (focusCategory, type) {
            case ("Compute", "Node"): "Virtual Machines"
            case ("Compute", "ClusterManagement"): "Containers"
            case ("Storage", "Disk"): "Block Storage"
            case ("Networking", "LoadBalancer"): "Application Networking"
            case ("Networking", "Network"): "Network Connectivity"
            default: "Other (\(focusCategory))"
            }
        return (focusCategory, subcategory)
    }
}

/// The columns of asset rows.
enum AssetColumn: Int, FocusChargeColumns {
    case availabilityZone, billedCost, billingAccountId, billingAccountName, billingCurrency, billingPeriodEnd
    case billingPeriodStart, chargeCategory, chargeClass, chargeDescription, chargeFrequency, chargePeriodEnd
    case chargePeriodStart, consumedQuantity, consumedUnit, contractedCost, effectiveCost, hostProviderName
    case invoiceIssuerName, listCost, pricingCategory, pricingQuantity, pricingUnit, providerName, publisherName
    case regionId, regionName, resourceId, resourceName, resourceType, serviceCategory, serviceName
    case serviceProviderName, serviceSubcategory, subAccountId, subAccountName, tags
    case xAdjustment, xAssetType, xCluster, xDiscount, xNodeType, xStorageClass
}
