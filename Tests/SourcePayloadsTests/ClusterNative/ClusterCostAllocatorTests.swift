import Focus
import Testing

@testable import SourcePayloads

/// The strategies on hand-computed clusters: a node of 4 vCPU / 16 GiB at 400,000,000 µ¢/h ($4/h) with two pods
/// requesting 1 vCPU / 2 GiB and 2 vCPU / 8 GiB.
@Suite struct ClusterCostAllocatorTests {
    static let gib = 1_073_741_824.0
    static let node = ClusterNode(
        name: "node-a", providerID: "aws:///eu-west-1a/i-0a1", labels: ["pool": "general", "size": "m5.xlarge"],
        cpuCores: 4, memoryBytes: 16 * gib)
    static let small = ClusterPod(
        namespace: "shop", name: "cart-1", nodeName: "node-a", labels: ["team": "payments", "app": "cart"],
        cpuCores: 1, memoryBytes: 2 * gib)
    static let large = ClusterPod(
        namespace: "shop", name: "checkout-1", nodeName: "node-a", labels: ["app": "checkout"], cpuCores: 2,
        memoryBytes: 8 * gib)
    static let pending = ClusterPod(
        namespace: "shop", name: "batch-1", nodeName: "node-a", phase: "Pending", cpuCores: 1, memoryBytes: gib)
    static let start = FocusTimestamp(year: 2024, month: 3, day: 10, hour: 10)!
    static let hour = FocusTimestamp(year: 2024, month: 3, day: 10, hour: 11)!

    func allocate(
        _ strategy: AllocationStrategy, pricing: [NodePrice] = [NodePrice(nodeHourly: 400_000_000)],
        nodes: [ClusterNode] = [node], pods: [ClusterPod] = [small, large, pending], end: FocusTimestamp = hour
    ) -> ClusterCostAllocator.Allocation {
        ClusterCostAllocator(strategy: strategy, pricing: pricing, cluster: "prod")
            .allocate(nodes: nodes, pods: pods, start: Self.start, end: end)
    }

    /// (pod name or idle, ratio, dollars) of each share.
    func figures(_ allocation: ClusterCostAllocator.Allocation) -> [(String, Double, Double)] {
        allocation.shares.map { ($0.pod?.name ?? "idle", $0.ratio, $0.microcents / 100_000_000) }
    }

    func expect(_ allocation: ClusterCostAllocator.Allocation, _ expected: [(String, Double)]) {
        let got = figures(allocation)
        #expect(got.map(\.0) == expected.map(\.0))
        for ((name, ratio, dollars), (_, expectedRatio)) in zip(got, expected) {
            #expect(abs(ratio - expectedRatio) < 1e-12, "\(name) ratio")
            #expect(abs(dollars - 4 * expectedRatio) < 1e-9, "\(name) dollars")
        }
    }

    @Test func weightedSpreadsTheWholeNodeByAverageShareOfThePodsRequests() {
        expect(allocate(.weighted), [("cart-1", (1.0 / 3 + 2.0 / 10) / 2), ("checkout-1", (2.0 / 3 + 8.0 / 10) / 2)])
    }

    @Test func cpuChargesRequestsOfCapacityAndLeavesTheRestIdle() {
        expect(allocate(.cpu), [("cart-1", 1.0 / 4), ("checkout-1", 2.0 / 4), ("idle", 1.0 / 4)])
    }

    @Test func podsThatRanForPartOfTheIntervalPayForThatPart() {
        // cart-1 ran the first half hour only (it ended between polls).
        var half = Self.small
        half.runningFraction = 0.5
        expect(
            allocate(.cpu, pods: [half, Self.large]), [("cart-1", 1.0 / 8), ("checkout-1", 2.0 / 4), ("idle", 3.0 / 8)])
        expect(allocate(.node, pods: [half, Self.large]), [("cart-1", 1.0 / 3), ("checkout-1", 2.0 / 3)])
        // Weighted by time × request: CPU 0.5 of 2.5 vCPU-hours, memory 1 of 9 GiB-hours.
        expect(
            allocate(.weighted, pods: [half, Self.large]),
            [("cart-1", (0.5 / 2.5 + 1.0 / 9) / 2), ("checkout-1", (2.0 / 2.5 + 8.0 / 9) / 2)])
        // A node that existed for half the interval costs half; usage quantities follow the time.
        var node = Self.node
        node.presentFraction = 0.5
        let allocation = allocate(.cpu, nodes: [node], pods: [half, Self.large])
        #expect(allocation.shares.map(\.ratio) == [0.25, 0.5, 0.25])
        #expect(allocation.shares.reduce(0) { $0 + $1.microcents } == 200_000_000)
        #expect(allocation.rows.column("ConsumedQuantity") == ["0.5", "1", "0.5"])
    }

    @Test func memoryAndNodeStrategies() {
        expect(allocate(.memory), [("cart-1", 2.0 / 16), ("checkout-1", 8.0 / 16), ("idle", 6.0 / 16)])
        expect(allocate(.node), [("cart-1", 0.5), ("checkout-1", 0.5)])
        expect(allocate(.gpu), [("cart-1", 0), ("checkout-1", 0), ("idle", 1)])
        expect(allocate(.weighted, pods: [Self.pending]), [("idle", 1)])
    }

    @Test func perResourcePricesSpreadOnlyTheStrategysPart() {
        // $0.50 per vCPU-hour and $0.125 per GiB-hour: CPU part $2/h, memory part $2/h, $4/h in all.
        let pricing = [NodePrice(vcpuHourly: 50_000_000, memoryGiBHourly: 12_500_000)]
        let cpu = figures(allocate(.cpu, pricing: pricing))
        #expect(cpu.map(\.0) == ["cart-1", "checkout-1", "idle"])
        #expect(cpu.map { ($0.2 * 1e9).rounded() / 1e9 } == [0.5, 1, 0.5])
        let weighted = figures(allocate(.weighted, pricing: pricing))
        #expect(abs(weighted.reduce(0) { $0 + $1.2 } - 4) < 1e-9, "weighted spreads the whole $4")
    }

    @Test func firstMatchingEntryPricesANodeAndUnpricedNodesAreReported() {
        let pricing = [
            NodePrice(labels: ["pool": "gpu"], nodeHourly: 900_000_000),
            NodePrice(labels: ["pool": "general", "size": "m5.xlarge"], nodeHourly: 400_000_000),
            NodePrice(labels: ["pool": "general"], nodeHourly: 100_000_000),
        ]
        let other = ClusterNode(name: "node-b", labels: ["pool": "spot"], cpuCores: 2, memoryBytes: 4 * Self.gib)
        let allocation = allocate(.node, pricing: pricing, nodes: [Self.node, other])
        #expect(abs(figures(allocation).reduce(0) { $0 + $1.2 } - 4) < 1e-9, "the m5.xlarge entry, not the later one")
        #expect(allocation.unpricedNodes == ["node-b"])
    }

    @Test func costsScaleWithTheInterval() {
        let half = FocusTimestamp(year: 2024, month: 3, day: 10, hour: 10, minute: 30)!
        let allocation = allocate(.cpu, end: half)
        #expect(figures(allocation).map { ($0.2 * 1e9).rounded() / 1e9 } == [0.5, 1, 0.5])
        #expect(allocation.rows.column("ConsumedQuantity") == ["0.5", "1", "0.5"], "vCPU-hours over half an hour")
    }

    @Test func rowsNameNodePodAndStrategyAndPassTheValidator() throws {
        let allocator = ClusterCostAllocator(
            strategy: .cpu, pricing: [NodePrice(nodeHourly: 400_000_000)], cluster: "prod", currency: "EUR",
            tags: [
                TagMapping(tag: "team", label: "team", defaultValue: "unassigned"),
                TagMapping(tag: "app", label: "app"),
            ])
        let allocation = allocator.allocate(
            nodes: [Self.node], pods: [Self.small, Self.large], start: Self.start, end: Self.hour)
        let rows = allocation.rows
        #expect(rows.column("BilledCost") == ["1", "2", "1"])
        #expect(rows.column("ResourceId") == Array(repeating: "aws:///eu-west-1a/i-0a1", count: 3))
        #expect(rows.column("AllocatedResourceId") == ["shop/cart-1", "shop/checkout-1", "prod/node-a/__idle__"])
        #expect(rows.column("x_AllocationKind") == ["workload", "workload", "idle"])
        #expect(rows.column("AllocatedMethodId") == Array(repeating: "cluster-cpu", count: 3))
        #expect(
            rows.column("Tags") == [
                #"{"team":"payments","app":"cart"}"#, #"{"team":"unassigned","app":"checkout"}"#, nil,
            ])
        #expect(rows.column("ConsumedUnit") == ["vCPU-Hours", "vCPU-Hours", "vCPU-Hours"])
        #expect(rows.column("BillingCurrency") == ["EUR", "EUR", "EUR"])
        #expect(rows.column("ChargePeriodStart") == Array(repeating: "2024-03-10T10:00:00Z", count: 3))
        let details = try JSONParser.parse(try #require(rows.column("AllocatedMethodDetails").first ?? nil))
        #expect(details["Elements"]?.arrayValue?.first?["AllocatedRatio"]?.numberText == "0.25")
        let report = try KubecostChecks.report(rows)
        #expect(report.errorCount == 0, "\(report.rendered())")
        #expect(try KubecostChecks.sum(rows, "BilledCost", rows: 0..<rows.rowCount) == FocusDecimal(4))
    }
}
