import Focus

/// FOCUS 1.3 rows from a Kubecost (`/model/allocation`) or OpenCost (`/allocation`, `/allocation/compute`) Allocation
/// API response. The mapping, column by column, is in `docs/sources.md`; in short:
///
/// - One row per allocation, step and cost component (CPU, GPU, RAM, persistent volumes, network, load balancers,
///   shared, external) whose cost or usage is not zero; each non-zero `…CostAdjustment` is its own row with
///   `ChargeCategory` `Adjustment`. When the components do not add up to the item's `totalCost` (fields of a newer
///   release), one more row (`x_CostComponent` `unattributed`) carries the difference, so the rows of an item always
///   sum to its `totalCost`. An item with no cost at all still gives one (zero) CPU row.
/// - Split cost allocation as FOCUS 1.3 models it: `ResourceId` is the resource whose cost is split (the node for CPU,
///   GPU, RAM and network when the allocation names one, else the cluster), `AllocatedResourceId`/`Name` is the
///   allocation, `AllocatedMethodId` names the product, and `AllocatedMethodDetails` gives the usage and the share
///   (`AllocatedRatio`) of that resource's cost in the set: the ratios of one resource, component and period sum to 1.
/// - `__idle__`, `__unallocated__` and `__unmounted__` stay rows of their own, marked in `x_AllocationKind`.
/// - `Tags` from labels and annotations, `AllocatedTags` from labels, both through the allowlist.
///
/// Every number is read exactly (no binary floating point in costs). An item that cannot be mapped (no window, not
/// an object) is reported with its JSON path and skipped; the others go on.
public struct KubecostAllocationDecoder: Sendable {
    public let options: KubecostMappingOptions

    public init(options: KubecostMappingOptions) { self.options = options }

    /// Decodes UTF-8 JSON bytes.
    public func decode(_ bytes: some Collection<UInt8>) throws(PayloadError) -> DecodedPayload {
        try decode(PayloadJSON.parse(bytes))
    }

    /// Decodes a parsed response.
    public func decode(_ root: JSONNode) throws(PayloadError) -> DecodedPayload {
        let sets = try KubecostEnvelope.items(in: root, itemsKey: "allocations")
        var log = ProblemLog()
        var builder = RowBatchBuilder(header: FocusRowDraft<AllocationColumn>.header)
        for set in sets {
            var pending: [PendingRow] = []
            for item in set {
                guard let object = item.object else {
                    log.add(item.path, "allocation skipped: expected an object, found \(item.node.kindName)")
                    continue
                }
                rows(of: item.name, KubecostFields(object, at: item.path), into: &pending, log: &log)
            }
            for row in Self.withAllocationDetails(pending) { builder.append(row) }
        }
        return DecodedPayload(rows: builder.finish(), problems: log.problems, omittedProblemCount: log.omittedCount)
    }

    /// A row whose `AllocatedMethodDetails` waits for the set's totals.
    struct PendingRow {
        var draft: FocusRowDraft<AllocationColumn>
        /// Rows sharing it split the same cost: resource, component, charge category, period.
        var origin: String
        var cost: Double
        var usage: (unit: String, quantity: String)?
        var component: String
    }

    private func rows(
        of name: String, _ item: KubecostFields, into pending: inout [PendingRow], log: inout ProblemLog
    ) {
        guard let window = item.window() else {
            log.add(item.path, "allocation skipped: no window (start before end) to use as its charge period")
            return
        }
        let properties = item["properties"]?.objectValue.map {
            KubecostFields($0, at: item.path.appending("properties"))
        }
        let cluster = properties?.string("cluster")
        let namespace = properties?.string("namespace")
        let node = properties?.string("node")
        let allocationName = item.string("name") ?? name
        let kind = AllocationKind(allocationName)
        let account = options.billingAccountId ?? cluster ?? "kubernetes"
        let provider = options.serviceProviderName ?? options.flavor.displayName
        let labels = properties?.stringPairs("labels") ?? []
        let annotations = properties?.stringPairs("annotations") ?? []
        let month = window.start.calendarMonth

        var base = FocusRowDraft<AllocationColumn>()
        base[.billingAccountId] = account
        base[.billingAccountName] = account
        base[.billingCurrency] = options.currency
        base[.billingPeriodStart] = month.start.description
        base[.billingPeriodEnd] = month.end.description
        base[.chargeFrequency] = "Usage-Based"
        base[.chargePeriodStart] = window.start.description
        base[.chargePeriodEnd] = window.end.description
        base[.providerName] = provider
        base[.serviceProviderName] = provider
        base[.publisherName] = options.publisherName ?? options.flavor.displayName
        base[.invoiceIssuerName] = options.invoiceIssuerName ?? provider
        base[.hostProviderName] = options.hostProviderName
        base[.serviceName] = "Kubernetes"
        base[.subAccountId] = namespace
        base[.subAccountName] = namespace
        base[.tags] = KubecostText.tags(labels + annotations, options: options)
        base[.allocatedMethodId] = "\(options.flavor.rawValue)-allocation"
        base[.allocatedResourceId] = allocationName
        base[.allocatedResourceName] = allocationName
        base[.allocatedTags] = KubecostText.tags(labels, options: options)
        base[.xCluster] = cluster
        base[.xNamespace] = namespace
        base[.xNode] = node
        base[.xController] = properties?.string("controller")
        base[.xControllerKind] = properties?.string("controllerKind")
        base[.xPod] = properties?.string("pod")
        base[.xContainer] = properties?.string("container")
        base[.xAllocationKind] = kind.rawValue

        let clusterOrigin = (id: cluster ?? account, name: cluster ?? account, type: "Cluster")
        let nodeOrigin = node.map { node in
            (id: properties?.string("providerID") ?? "\(cluster ?? account)/\(node)", name: node, type: "Node")
        }
        let period = "\(window.start)\u{0}\(window.end)"
        var sum = FocusDecimal.zero
        var emitted = false
        func emit(
            _ component: AllocationComponent?, label: String, category: String, cost: FocusDecimal,
            usage: (unit: String, quantity: String)?
        ) {
            var row = base
            let origin = component?.splitsNodeCost == true ? nodeOrigin ?? clusterOrigin : clusterOrigin
            let service = component?.service ?? ("Other", "Other (Other)")
            let costText = cost.description
            row[.billedCost] = costText
            row[.effectiveCost] = costText
            row[.listCost] = costText
            row[.contractedCost] = costText
            row[.chargeCategory] = category
            row[.chargeDescription] =
                category == "Adjustment"
                ? "\(label) cost adjustment of \(allocationName)" : "\(label) cost of \(allocationName)"
            row[.consumedQuantity] = usage?.quantity
            row[.consumedUnit] = usage?.unit
            row[.pricingQuantity] = usage?.quantity
            row[.pricingUnit] = usage?.unit
            row[.resourceId] = origin.id
            row[.resourceName] = origin.name
            row[.resourceType] = origin.type
            row[.serviceCategory] = service.0
            row[.serviceSubcategory] = service.1
            let componentName = component?.rawValue ?? "unattributed"
            row[.xCostComponent] = componentName
            pending.append(
                PendingRow(
                    draft: row, origin: "\(origin.id)\u{0}\(componentName)\u{0}\(category)\u{0}\(period)",
                    cost: cost.doubleValue, usage: usage, component: componentName))
            emitted = true
        }

        for component in AllocationComponent.allCases {
            let cost = item.decimal(component.costKey, log: &log)
            let usage = component.usage.flatMap { usage -> (unit: String, quantity: String)? in
                guard let raw = item.double(usage.key), raw > 0,
                    let quantity = KubecostText.quantity(raw / usage.divisor)
                else { return nil }
                return (usage.unit, quantity)
            }
            if !cost.isZero || usage != nil {
                emit(component, label: component.label, category: "Usage", cost: cost, usage: usage)
                sum = sum.plus(cost, at: item.path.appending(component.costKey), log: &log)
            }
            if let key = component.adjustmentKey {
                let adjustment = item.decimal(key, log: &log)
                if !adjustment.isZero {
                    emit(component, label: component.label, category: "Adjustment", cost: adjustment, usage: nil)
                    sum = sum.plus(adjustment, at: item.path.appending(key), log: &log)
                }
            }
        }
        if item["totalCost"] != nil {
            let total = item.decimal("totalCost", log: &log)
            if let rest = total.adding(-sum), !rest.isZero {
                emit(nil, label: "Unattributed", category: "Usage", cost: rest, usage: nil)
            }
        }
        if !emitted {
            emit(.cpu, label: AllocationComponent.cpu.label, category: "Usage", cost: .zero, usage: nil)
        }
    }

    /// The rows with `AllocatedMethodDetails`: each row's share of its origin's cost in the set (equal shares when
    /// the origin's total is zero), and its usage.
    static func withAllocationDetails(_ pending: [PendingRow]) -> [FocusRowDraft<AllocationColumn>] {
        var totals: [String: (cost: Double, count: Int)] = [:]
        for row in pending {
            totals[row.origin, default: (0, 0)].cost += row.cost
            totals[row.origin, default: (0, 0)].count += 1
        }
        return pending.map { row in
            let total = totals[row.origin] ?? (0, 1)
            let ratio = total.cost != 0 ? row.cost / total.cost : 1 / Double(total.count)
            var element = "{\"AllocatedRatio\":\(ratio.isFinite ? "\(ratio)" : "0")"
            if let usage = row.usage {
                element += ",\"UsageUnit\":\(JSONNode.quoted(usage.unit)),\"UsageQuantity\":\(usage.quantity)"
            }
            var draft = row.draft
            draft[.allocatedMethodDetails] =
                "{\"Elements\":[\(element)}],\"x_CostComponent\":\(JSONNode.quoted(row.component))}"
            return draft
        }
    }
}

/// The columns of allocation rows.
enum AllocationColumn: Int, FocusDraftColumn {
    case billedCost, billingAccountId, billingAccountName, billingCurrency, billingPeriodEnd, billingPeriodStart
    case chargeCategory, chargeClass, chargeDescription, chargeFrequency, chargePeriodEnd, chargePeriodStart
    case consumedQuantity, consumedUnit, contractedCost, effectiveCost, hostProviderName, invoiceIssuerName, listCost
    case pricingQuantity, pricingUnit, providerName, publisherName, resourceId, resourceName, resourceType
    case serviceCategory, serviceName, serviceProviderName, serviceSubcategory, subAccountId, subAccountName, tags
    case allocatedMethodDetails, allocatedMethodId, allocatedResourceId, allocatedResourceName, allocatedTags
    case xCluster, xNamespace, xNode, xController, xControllerKind, xPod, xContainer, xCostComponent
    case xAllocationKind

    var name: String {
        let text = String(describing: self)
        if text.hasPrefix("x") { return "x_" + text.dropFirst() }
        return text.prefix(1).uppercased() + text.dropFirst()
    }
}

/// The cost components of an allocation, in the order their rows are written.
enum AllocationComponent: String, CaseIterable {
    case cpu, gpu, ram, pv, network, loadBalancer, shared, external

    var costKey: String { rawValue + "Cost" }

    var adjustmentKey: String? {
        switch self {
        case .shared, .external: nil
        default: rawValue + "CostAdjustment"
        }
    }

    var label: String {
        switch self {
        case .cpu: "CPU"
        case .gpu: "GPU"
        case .ram: "RAM"
        case .pv: "Persistent volume"
        case .network: "Network"
        case .loadBalancer: "Load balancer"
        case .shared: "Shared"
        case .external: "External"
        }
    }

    /// The usage member, its divisor into `unit`, and the unit.
    var usage: (key: String, divisor: Double, unit: String)? {
        switch self {
        case .cpu: ("cpuCoreHours", 1, "vCPU-Hours")
        case .gpu: ("gpuHours", 1, "GPU-Hours")
        case .ram: ("ramByteHours", 1_073_741_824, "GiB-Hours")
        case .pv: ("pvByteHours", 1_073_741_824, "GiB-Hours")
        case .network: ("networkTransferBytes", 1_000_000_000, "GB")
        case .loadBalancer, .shared, .external: nil
        }
    }

    var service: (String, String) {
        switch self {
        case .cpu, .gpu, .ram: ("Compute", "Containers")
        case .pv: ("Storage", "Block Storage")
        case .network: ("Networking", "Network Connectivity")
        case .loadBalancer: ("Networking", "Application Networking")
        case .shared, .external: ("Other", "Other (Other)")
        }
    }

    /// Whether the cost split is the node's (when the allocation names one) rather than the cluster's.
    var splitsNodeCost: Bool { self == .cpu || self == .gpu || self == .ram || self == .network }
}

/// What an allocation stands for: a workload, or one of the products' special allocations.
enum AllocationKind: String {
    case workload, idle, unallocated, unmounted

    init(_ name: String) {
        let parts = name.split(separator: "/")
        if parts.contains("__idle__") {
            self = .idle
        } else if parts.contains("__unmounted__") {
            self = .unmounted
        } else if parts.contains("__unallocated__") {
            self = .unallocated
        } else {
            self = .workload
        }
    }
}
