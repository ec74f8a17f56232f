"""A synthetic Kubecost Allocation API answer for bench/sources.sh: STEPS sets of PODS pod allocations each (plus
one __idle__ per node and set), shaped like /model/allocation?aggregate=pod&step=1h&idleByNode=true answers."""
import json, random, sys

def main(out, steps, pods):
    rng = random.Random(1)
    nodes = max(1, pods // 30)
    data = []
    for step in range(steps):
        start = f"2024-03-10T{step % 24:02d}:00:00Z"
        end = f"2024-03-10T{step % 24 + 1:02d}:00:00Z" if step % 24 < 23 else "2024-03-11T00:00:00Z"
        window = {"start": start, "end": end}
        allocations = {}
        for pod in range(pods + nodes):
            idle = pod >= pods
            node = f"node-{(pod - pods) if idle else pod % nodes}"
            namespace = f"team-{pod % 40}"
            name = f"cluster-one/{node}/__idle__" if idle else f"cluster-one/{node}/{namespace}/app-{pod}-7d9f8"
            cpu, ram = round(rng.uniform(0, 0.2), 6), round(rng.uniform(0, 0.05), 6)
            pv = round(rng.uniform(0, 0.01), 6) if pod % 5 == 0 else 0
            net = round(rng.uniform(0, 0.001), 6)
            adjustment = round(rng.uniform(-0.001, 0.001), 6) if pod % 7 == 0 else 0
            properties = {"cluster": "cluster-one", "node": node, "providerID": f"aws:///eu-west-1a/i-{hash(node) & 0xffffffff:08x}"}
            if not idle:
                properties.update({"namespace": namespace, "pod": f"app-{pod}-7d9f8", "controller": f"app-{pod}",
                                   "controllerKind": "deployment",
                                   "labels": {"app": f"app-{pod}", "team": f"team-{pod % 40}"}})
            allocations[name] = {
                "name": name, "properties": properties, "window": window, "start": start, "end": end, "minutes": 60,
                "cpuCores": 0.5, "cpuCoreRequestAverage": 0.5, "cpuCoreUsageAverage": 0.21, "cpuCoreHours": 0.5,
                "cpuCost": cpu, "cpuCostAdjustment": adjustment, "cpuEfficiency": 0.42,
                "gpuCount": 0, "gpuHours": 0, "gpuCost": 0, "gpuCostAdjustment": 0,
                "networkTransferBytes": 1048576, "networkReceiveBytes": 524288, "networkCost": net,
                "networkCostAdjustment": 0, "loadBalancerCost": 0, "loadBalancerCostAdjustment": 0,
                "pvBytes": 10737418240 if pv else 0, "pvByteHours": 10737418240 if pv else 0, "pvCost": pv,
                "pvCostAdjustment": 0, "ramBytes": 1073741824, "ramByteRequestAverage": 1073741824,
                "ramByteUsageAverage": 536870912, "ramByteHours": 1073741824, "ramCost": ram, "ramCostAdjustment": 0,
                "ramEfficiency": 0.5, "sharedCost": 0, "externalCost": 0,
                "totalCost": round(cpu + ram + pv + net + adjustment, 6), "totalEfficiency": 0.45,
            }
        data.append(allocations)
    with open(out, "w") as f:
        json.dump({"code": 200, "data": data}, f)

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
