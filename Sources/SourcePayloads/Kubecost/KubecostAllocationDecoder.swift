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
        var times = TimestampTexts()
        for set in sets {
            // Pass 1: every allocation's rows, and the cost each origin splits; pass 2 writes them with their shares.
            var allocations: [ParsedAllocation] = []
            var totals: [OriginKey: (cost: Double, count: Int)] = [:]
            for item in set {
                guard let object = item.object else {
                    log.add(item.path, "allocation skipped: expected an object, found \(item.node.kindName)")
                    continue
                }
                guard var parsed = parse(item.name, KubecostFields(object, at: item.path), &times, &log) else {
                    continue
                }
                for index in parsed.rows.indices {
                    let key = parsed.originKey(of: parsed.rows[index])
                    parsed.rows[index].origin = key
                    totals[key, default: (0, 0)].cost += parsed.rows[index].amount
                    totals[key, default: (0, 0)].count += 1
                }
                allocations.append(parsed)
            }
            for var allocation in allocations {
                for row in allocation.rows {
                    let total = row.origin.flatMap { totals[$0] } ?? (0, 1)
                    allocation.fill(row, total: total)
                    builder.append(allocation.draft)
                }
            }
        }
        return DecodedPayload(rows: builder.finish(), problems: log.problems, omittedProblemCount: log.omittedCount)
    }

    /// One allocation of a set: its item-level columns filled in ``draft``, and its rows.
    struct ParsedAllocation {
        var draft: FocusRowDraft<AllocationColumn>
        var name: String
        var rows: [ComponentRow]
        var node: (id: String, name: String)?
        var cluster: String
        var period: (start: Int64, end: Int64)

        func origin(of row: ComponentRow) -> (id: String, name: String, type: String) {
            if row.component?.splitsNodeCost == true, let node { return (node.id, node.name, "Node") }
            return (cluster, cluster, "Cluster")
        }

        /// Rows with the same key split the same cost: resource, component, charge category, period.
        func originKey(of row: ComponentRow) -> OriginKey {
            OriginKey(
                resource: origin(of: row).id, component: row.component?.rawValue ?? "unattributed",
                adjustment: row.adjustment, start: period.start, end: period.end)
        }

        /// Sets the row's columns in ``draft``; `total` is its origin's cost and row count in the set.
        mutating func fill(_ row: ComponentRow, total: (cost: Double, count: Int)) {
            let origin = origin(of: row)
            let service = row.component?.service ?? ("Other", "Other (Other)")
            let label = row.component?.label ?? "Unattributed"
            draft.setCosts(row.cost.description)
            draft[.chargeCategory] = row.adjustment ? "Adjustment" : "Usage"
            draft[.chargeDescription] =
                row.adjustment ? "\(label) cost adjustment of \(name)" : "\(label) cost of \(name)"
            draft[.consumedQuantity] = row.usage?.quantity
            draft[.consumedUnit] = row.usage?.unit
            draft[.pricingQuantity] = row.usage?.quantity
            draft[.pricingUnit] = row.usage?.unit
            draft[.resourceId] = origin.id
            draft[.resourceName] = origin.name
            draft[.resourceType] = origin.type
            draft[.serviceCategory] = service.0
            draft[.serviceSubcategory] = service.1
            let component = row.component?.rawValue ?? "unattributed"
            draft[.xCostComponent] = component
            // The share of the origin's cost (equal shares when the origin's total is zero), and the usage.
            let ratio = total.cost != 0 ? row.amount / total.cost : 1 / Double(max(total.count, 1))
            var element = "{\"AllocatedRatio\":\(ratio.isFinite ? "\(ratio)" : "0")"
            if let usage = row.usage {
                element += ",\"UsageUnit\":\"\(usage.unit)\",\"UsageQuantity\":\(usage.quantity)"
            }
            draft[.allocatedMethodDetails] = "{\"Elements\":[\(element)}],\"x_CostComponent\":\"\(component)\"}"
        }
    }

    /// One row of an allocation: a component's usage or adjustment, or the part of `totalCost` no component names.
    struct ComponentRow {
        var component: AllocationComponent?
        var adjustment: Bool
        var cost: FocusDecimal
        var usage: (unit: String, quantity: String)?
        /// ``cost`` as a `Double`, for the shares.
        var amount: Double
        /// Set in the first pass.
        var origin: OriginKey? = nil

        init(
            component: AllocationComponent?, adjustment: Bool, cost: FocusDecimal,
            usage: (unit: String, quantity: String)?
        ) {
            self.component = component
            self.adjustment = adjustment
            self.cost = cost
            self.usage = usage
            amount = cost.doubleValue
        }
    }

    struct OriginKey: Hashable {
        var resource: String
        var component: String
        var adjustment: Bool
        var start: Int64
        var end: Int64
    }

    private func parse(
        _ name: String, _ item: KubecostFields, _ times: inout TimestampTexts, _ log: inout ProblemLog
    ) -> ParsedAllocation? {
        guard let window = item.window() else {
            log.add(item.path, "allocation skipped: no window (start before end) to use as its charge period")
            return nil
        }
        let properties = item["properties"]?.objectValue.map {
            KubecostFields($0, at: item.path.appending("properties"))
        }
        let cluster = properties?.string("cluster")
        let namespace = properties?.string("namespace")
        let node = properties?.string("node")
        let allocationName = item.string("name") ?? name
        let account = options.billingAccountId ?? cluster ?? "kubernetes"
        let provider = options.serviceProviderName ?? options.flavor.displayName
        let labels = properties?.stringPairs("labels") ?? []
        let annotations = properties?.stringPairs("annotations") ?? []
        var draft = FocusRowDraft<AllocationColumn>()
        draft.setUsageCharge(
            account: account, currency: options.currency, start: window.start, end: window.end, texts: &times)
        draft[.providerName] = provider
        draft[.serviceProviderName] = provider
        draft[.publisherName] = options.publisherName ?? options.flavor.displayName
        draft[.invoiceIssuerName] = options.invoiceIssuerName ?? provider
        draft[.hostProviderName] = options.hostProviderName
        draft[.serviceName] = "Kubernetes"
        draft[.subAccountId] = namespace
        draft[.subAccountName] = namespace
        draft[.tags] = FocusText.tags(labels + annotations, keeps: options.keepsTag)
        draft[.allocatedMethodId] = "\(options.flavor.rawValue)-allocation"
        draft[.allocatedResourceId] = allocationName
        draft[.allocatedResourceName] = allocationName
        draft[.allocatedTags] = FocusText.tags(labels, keeps: options.keepsTag)
        draft[.xCluster] = cluster
        draft[.xNamespace] = namespace
        draft[.xNode] = node
        draft[.xController] = properties?.string("controller")
        draft[.xControllerKind] = properties?.string("controllerKind")
        draft[.xPod] = properties?.string("pod")
        draft[.xContainer] = properties?.string("container")
        draft[.xAllocationKind] = AllocationKind(allocationName).rawValue

        var rows: [ComponentRow] = []
        var sum = FocusDecimal.zero
        for component in AllocationComponent.allCases {
            let cost = item.decimal(component.costKey, log: &log)
            let usage = component.usage.flatMap { usage -> (unit: String, quantity: String)? in
                guard let raw = item.double(usage.key), raw > 0,
                    let quantity = FocusText.quantity(raw / usage.divisor)
                else { return nil }
                return (usage.unit, quantity)
            }
            if !cost.isZero || usage != nil {
                rows.append(ComponentRow(component: component, adjustment: false, cost: cost, usage: usage))
                sum = sum.plus(cost, at: item.path.appending(component.costKey), log: &log)
            }
            if let key = component.adjustmentKey {
                let adjustment = item.decimal(key, log: &log)
                if !adjustment.isZero {
                    rows.append(ComponentRow(component: component, adjustment: true, cost: adjustment, usage: nil))
                    sum = sum.plus(adjustment, at: item.path.appending(key), log: &log)
                }
            }
        }
        if item["totalCost"] != nil {
            let total = item.decimal("totalCost", log: &log)
            if let rest = total.adding(-sum), !rest.isZero {
                rows.append(ComponentRow(component: nil, adjustment: false, cost: rest, usage: nil))
            }
        }
        if rows.isEmpty {
            rows.append(ComponentRow(component: .cpu, adjustment: false, cost: .zero, usage: nil))
        }
        let clusterID = cluster ?? account
        return ParsedAllocation(
            draft: draft, name: allocationName, rows: rows,
            node: node.map { (properties?.string("providerID") ?? "\(clusterID)/\($0)", $0) }, cluster: clusterID,
            period: (window.start.microsecondsSinceEpoch, window.end.microsecondsSinceEpoch))
    }
}

/// The columns of allocation rows.
enum AllocationColumn: Int, FocusChargeColumns {
    case billedCost, billingAccountId, billingAccountName, billingCurrency, billingPeriodEnd, billingPeriodStart
    case chargeCategory, chargeClass, chargeDescription, chargeFrequency, chargePeriodEnd, chargePeriodStart
    case consumedQuantity, consumedUnit, contractedCost, effectiveCost, hostProviderName, invoiceIssuerName, listCost
    case pricingQuantity, pricingUnit, providerName, publisherName, resourceId, resourceName, resourceType
    case serviceCategory, serviceName, serviceProviderName, serviceSubcategory, subAccountId, subAccountName, tags
    case allocatedMethodDetails, allocatedMethodId, allocatedResourceId, allocatedResourceName, allocatedTags
    case xCluster, xNamespace, xNode, xController, xControllerKind, xPod, xContainer, xCostComponent
    case xAllocationKind
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
        guard name.contains("__") else {
            self = .workload
            return
        }
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
