import FinOpsAPI
import Focus
import Foundation
import KubeClient
import KubeCore
import KubeTesting
import Logging
import Synchronization
import Testing

@testable import FinOpsPipelines

/// `exporterConfig.cluster`: Nodes and Pods listed from an API server (the in-process fake) become FOCUS rows of
/// each polling interval.
@Suite struct ClusterSourceTests {
    struct Collected: RowReceiver {
        var batches: [RowBatch] = []
        var problems: [RowProblem] = []
        mutating func receive(_ batch: RowBatch) throws(SourceError) { batches.append(batch) }
        mutating func reject(_ problem: RowProblem) { problems.append(problem) }
        mutating func rejectUndescribed(count: Int) {}

        func column(_ name: String) -> [String?] {
            batches.flatMap { batch in
                (0..<batch.rowCount).map { row in
                    batch.header.index(of: name).flatMap { batch.string(row: row, column: $0) }
                }
            }
        }
    }

    static func node(_ name: String, labels: [String: String], providerID: String? = nil) -> core.v1.Node {
        core.v1.Node(
            metadata: ObjectMeta(name: name, labels: labels), spec: .init(providerID: providerID),
            status: .init(allocatable: ["cpu": "4", "memory": "16Gi", "pods": "110"]))
    }

    static func pod(_ name: String, node: String, phase: String, cpu: String, memory: String) -> core.v1.Pod {
        core.v1.Pod(
            metadata: ObjectMeta(name: name, namespace: "shop", labels: ["team": "payments"]),
            spec: .init(
                nodeName: node,
                containers: [.init(name: "main", resources: .init(requests: ["cpu": cpu, "memory": memory]))]),
            status: .init(phase: phase))
    }

    /// Creates `object`, then writes its status through the status subresource (the server drops it on create).
    static func add<T: HasStatus>(_ object: T, to api: FakeKubeAPI) async throws {
        var created = try await api.create(object)
        created.status = object.status
        _ = try await api.replaceStatus(created)
    }

    @Test func eachPollAllocatesTheIntervalSinceThePreviousOne() async throws {
        let api = FakeKubeAPI()
        try await Self.add(
            Self.node("node-a", labels: ["pool": "general"], providerID: "aws:///eu-west-1a/i-1"), to: api)
        try await Self.add(Self.node("node-b", labels: ["pool": "spot"]), to: api)
        try await Self.add(Self.pod("cart-1", node: "node-a", phase: "Running", cpu: "1", memory: "2Gi"), to: api)
        try await Self.add(
            Self.pod("checkout-1", node: "node-a", phase: "Running", cpu: "2000m", memory: "8Gi"), to: api)
        try await Self.add(Self.pod("batch-1", node: "node-a", phase: "Pending", cpu: "1", memory: "1Gi"), to: api)
        let clock = Mutex(Date(timeIntervalSince1970: 1_710_064_800))  // 2024-03-10T10:00:00Z
        let settings = ExporterConfigFile.ClusterAllocation(
            name: "prod", strategy: "cpu", currency: "USD",
            pricing: [NodePriceSpec(labels: ["pool": "general"], nodeHourly: 400_000_000)],
            tags: [TagMappingSpec(tag: "team", label: "team")])
        let source = ClusterSource(
            api: api, settings: settings, interval: .seconds(3600), now: { clock.withLock { $0 } })
        #expect(source.summary == "cluster prod (cpu strategy)")

        var first = Collected()
        try await source.poll(into: &first)
        #expect(first.column("AllocatedResourceId") == ["shop/cart-1", "shop/checkout-1", "prod/node-a/__idle__"])
        #expect(first.column("BilledCost") == ["1", "2", "1"], "an hour of a $4/h node: 1/4, 2/4 and idle 1/4")
        #expect(first.column("ChargePeriodStart") == Array(repeating: "2024-03-10T09:00:00Z", count: 3))
        #expect(first.column("ResourceId") == Array(repeating: "aws:///eu-west-1a/i-1", count: 3))
        #expect(first.column("Tags") == [#"{"team":"payments"}"#, #"{"team":"payments"}"#, nil])
        #expect(first.problems.map(\.kind) == ["unpriced-node"])
        #expect(first.problems.first?.location == "node node-b")

        clock.withLock { $0 += 1800 }
        var second = Collected()
        try await source.poll(into: &second)
        #expect(second.column("ChargePeriodStart") == Array(repeating: "2024-03-10T10:00:00Z", count: 3))
        #expect(second.column("ChargePeriodEnd") == Array(repeating: "2024-03-10T10:30:00Z", count: 3))
        #expect(second.column("BilledCost") == ["0.5", "1", "0.5"])

        // Kostanza-compatible counters: 1.5 h of $4/h = 600,000,000 µ¢, by kind, namespace, node and mapped tag.
        let metrics = String(decoding: source.metricsText(), as: UTF8.self)
        #expect(metrics.contains("# TYPE finops_cluster_cost_microcents_total counter"))
        let labels = #"cluster="prod",strategy="cpu",kind="#
        #expect(
            metrics.contains(
                #"finops_cluster_cost_microcents_total{\#(labels)"pod",namespace="shop",node="node-a",team="payments"} 4.5e+08"#
            ), "\(metrics)")
        #expect(
            metrics.contains(
                #"finops_cluster_cost_microcents_total{\#(labels)"idle",node="node-a",team="unknown"} 1.5e+08"#
            ), "an empty label (no namespace) is left out")

        var validator = FocusValidator(schema: try #require(FocusSchema.schema(.v1_3)))
        validator.begin(header: try #require(first.batches.first?.header))
        for batch in first.batches + second.batches { validator.validate(batch) }
        #expect(validator.report().errorCount == 0, "\(validator.report().rendered())")
    }

    @Test func watchedPodsPayForThePartOfTheIntervalTheyRan() async throws {
        let api = FakeKubeAPI()
        let t0 = Date(timeIntervalSince1970: 1_710_064_800)  // 2024-03-10T10:00:00Z
        try await Self.add(Self.node("node-a", labels: ["pool": "general"]), to: api)
        for (name, cpu) in [("cart-1", "1"), ("checkout-1", "2")] {
            var pod = Self.pod(name, node: "node-a", phase: "Running", cpu: cpu, memory: "1Gi")
            pod.status?.startTime = t0.addingTimeInterval(-7200)
            try await Self.add(pod, to: api)
        }
        let clock = Mutex(t0)
        let now: @Sendable () -> Date = { clock.withLock { $0 } }
        let watch = ClusterWatch(api: api, now: now, logger: Logger(label: "test"))
        // The watch's own handlers run first, so an event seen here is already in its timeline.
        let (events, seen) = AsyncStream<String>.makeStream()
        watch.nodes.subscribe {
            seen.yield("\(ClusterWatch.isDeletion($0) ? "-" : "+")\($0.object.metadata.name ?? "")")
        }
        watch.pods.subscribe {
            seen.yield("\(ClusterWatch.isDeletion($0) ? "-" : "+")\($0.object.metadata.name ?? "")")
        }
        let watching = Task { try await watch.run() }
        defer { watching.cancel() }
        var iterator = events.makeAsyncIterator()
        var listed: Set<String> = []
        while listed.count < 3, let event = await iterator.next() { listed.insert(event) }
        #expect(listed == ["+node-a", "+cart-1", "+checkout-1"])

        // cart-1 goes away half-way through the hour the first poll covers.
        clock.withLock { $0 += 1800 }
        try await api.delete(core.v1.Pod.self, ObjectKey(namespace: "shop", name: "cart-1"))
        #expect(await iterator.next() == "-cart-1")
        clock.withLock { $0 += 1800 }
        let source = ClusterSource(
            api: api,
            settings: .init(
                name: "prod", strategy: "cpu", currency: "USD",
                pricing: [NodePriceSpec(labels: ["pool": "general"], nodeHourly: 400_000_000)]),
            interval: .seconds(3600), watch: watch, now: now)
        var collected = Collected()
        try await source.poll(into: &collected)
        #expect(collected.column("AllocatedResourceId") == ["shop/cart-1", "shop/checkout-1", "prod/node-a/__idle__"])
        #expect(collected.column("BilledCost") == ["0.5", "2", "1.5"], "cart-1 ran half the hour: 1/4 × ½ of $4")
        #expect(collected.column("ConsumedQuantity") == ["0.5", "2", "1.5"], "vCPU-hours")

        // The next hour: cart-1 is gone and forgotten.
        clock.withLock { $0 += 3600 }
        var next = Collected()
        try await source.poll(into: &next)
        #expect(next.column("AllocatedResourceId") == ["shop/checkout-1", "prod/node-a/__idle__"])
    }

    @Test func pricesFromAConfigMapAreReadAtEveryPoll() async throws {
        let api = FakeKubeAPI()
        try await Self.add(Self.node("node-a", labels: ["pool": "general"]), to: api)
        try await Self.add(Self.pod("cart-1", node: "node-a", phase: "Running", cpu: "1", memory: "2Gi"), to: api)
        let prices = ObjectKey(namespace: "finops", name: "node-prices")
        _ = try await api.create(
            core.v1.ConfigMap(
                metadata: ObjectMeta(name: prices.name, namespace: prices.namespace),
                data: ["pricing.yaml": "- labels: {pool: general}\n  nodeHourly: 400000000\n"]))
        let clock = Mutex(Date(timeIntervalSince1970: 1_710_064_800))
        let source = ClusterSource(
            api: api,
            settings: .init(
                name: "prod", strategy: "node", currency: "USD", pricing: [],
                pricingConfigMap: .init(namespace: "finops", name: "node-prices", key: "pricing.yaml")),
            interval: .seconds(3600), now: { clock.withLock { $0 } })
        var first = Collected()
        try await source.poll(into: &first)
        #expect(first.column("BilledCost") == ["4"], "the whole $4/h node to its one pod")

        // An edit applies at the next poll, without a restart.
        var edited = try await api.get(core.v1.ConfigMap.self, prices)
        edited.data = ["pricing.yaml": #"[{"nodeHourly": 200000000}]"#]
        _ = try await api.replace(edited)
        clock.withLock { $0 += 3600 }
        var second = Collected()
        try await source.poll(into: &second)
        #expect(second.column("BilledCost") == ["2"])

        // A broken table fails the poll with a message naming the ConfigMap and the entry.
        edited = try await api.get(core.v1.ConfigMap.self, prices)
        edited.data = ["pricing.yaml": "- {labels: {pool: general}}\n"]
        _ = try await api.replace(edited)
        clock.withLock { $0 += 60 }
        var third = Collected()
        await #expect {
            try await source.poll(into: &third)
        } throws: { error in
            (error as? SourceError)?.reason == .configuration
                && "\(error)".contains("pricing.yaml of ConfigMap finops/node-prices, entry 0")
        }
        try await api.delete(core.v1.ConfigMap.self, prices)
        await #expect {
            try await source.poll(into: &third)
        } throws: { error in "\(error)".contains("The pricing ConfigMap finops/node-prices does not exist") }
    }

    @Test func aRefusedListFailsThePollAsUnauthorized() async throws {
        let api = FakeKubeAPI()
        _ = api.inject(
            .init(
                .list, core.v1.Node.resource,
                error: KubeError(code: .forbidden, message: "nodes is forbidden", httpStatus: 403)))
        let source = ClusterSource(
            api: api,
            settings: .init(
                name: "prod", strategy: "weighted", currency: "USD", pricing: [NodePriceSpec(nodeHourly: 1)]),
            interval: .seconds(60))
        var collected = Collected()
        await #expect {
            try await source.poll(into: &collected)
        } throws: { error in
            (error as? SourceError)?.reason == .unauthorized && "\(error)".contains("nodes is forbidden")
        }
    }
}
