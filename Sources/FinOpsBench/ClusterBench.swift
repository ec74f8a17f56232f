import Focus
import SourcePayloads

/// `finops-bench cluster [--nodes N] [--pods-per-node M] [--strategy weighted|cpu|…]`: one interval of the
/// cluster-native allocation over a synthetic cluster (N nodes of 16 vCPU / 64 GiB in 4 priced pools, M running pods
/// each), FOCUS rows included. Prints `key=value` lines: `pods`, `rows`, `cpu_seconds`, `rows_per_second`,
/// `peak_rss_mib` (bench/sources.sh).
func clusterBenchmark(_ arguments: [String]) throws {
    var nodeCount = 1_000
    var podsPerNode = 100
    var strategy = AllocationStrategy.weighted
    for (name, value) in optionPairs(arguments) {
        switch name {
        case "--nodes": nodeCount = Int(value) ?? nodeCount
        case "--pods-per-node": podsPerNode = Int(value) ?? podsPerNode
        case "--strategy": strategy = AllocationStrategy(rawValue: value) ?? strategy
        default: print("unknown argument \(name)")
        }
    }
    let gib = 1_073_741_824.0
    let pools = ["general", "memory", "spot", "gpu"]
    let nodes = (0..<nodeCount).map { index in
        ClusterNode(
            name: "node-\(index)", providerID: "aws:///eu-west-1a/i-\(index)",
            labels: ["pool": pools[index % pools.count], "topology.kubernetes.io/zone": "eu-west-1a"], cpuCores: 16,
            memoryBytes: 64 * gib)
    }
    let pods = (0..<nodeCount * podsPerNode).map { index -> ClusterPod in
        let team = "team-\(index % 40)"
        let cpu = Double(index % 8 + 1) * 0.01
        let memory = Double(index % 16 + 1) * 0.03 * gib
        return ClusterPod(
            namespace: team, name: "app-\(index)-7d9f8", nodeName: "node-\(index / podsPerNode)",
            labels: ["team": team, "app": "app-\(index % 500)"], cpuCores: cpu, memoryBytes: memory)
    }
    let allocator = ClusterCostAllocator(
        strategy: strategy,
        pricing: pools.enumerated().map { NodePrice(labels: ["pool": $1], nodeHourly: Double(50_000_000 * ($0 + 1))) },
        cluster: "bench", tags: [TagMapping(tag: "team", label: "team", defaultValue: "unassigned")])
    let start = FocusTimestamp(year: 2024, month: 3, day: 10, hour: 10)!
    let end = FocusTimestamp(year: 2024, month: 3, day: 10, hour: 11)!
    let before = CPUTime.now()
    let allocation = allocator.allocate(nodes: nodes, pods: pods, start: start, end: end)
    let cpu = (CPUTime.now() - before).total
    print("pods=\(pods.count)")
    print("rows=\(allocation.rows.rowCount)")
    print("cpu_seconds=\(cpu)")
    print("rows_per_second=\(Int(Double(allocation.rows.rowCount) / max(cpu, 1e-9)))")
    print("peak_rss_mib=\(Int(CPUTime.maxResidentMiB()))")
}
