"""Synthetic answers for bench/sources.sh beside the allocation one: Kubecost Assets (`assets OUT N`: N assets, nodes
and disks in turn) and Cast AI workload costs (`castai OUT WORKLOADS STEPS`: hourly steps, three pricing tiers)."""
import json, random, sys

def assets(out, count):
    rng = random.Random(2)
    window = {"start": "2024-03-10T00:00:00Z", "end": "2024-03-11T00:00:00Z"}
    items = {}
    for i in range(count):
        cluster = f"cluster-{i % 10}"
        if i % 2 == 0:
            cpu, ram = round(rng.uniform(1, 5), 6), round(rng.uniform(0.2, 1.5), 6)
            items[f"Node/{cluster}/node-{i}"] = {
                "type": "Node", "window": window, "start": window["start"], "end": window["end"], "minutes": 1440,
                "properties": {"category": "Compute", "provider": "AWS", "account": "123456789012", "cluster": cluster,
                               "name": f"node-{i}", "providerID": f"aws:///eu-west-1a/i-{i:012x}"},
                "labels": {"topology.kubernetes.io/region": "eu-west-1", "team": f"team-{i % 40}"},
                "nodeType": "m5.xlarge", "cpuCores": 4, "ramBytes": 17179869184, "cpuCoreHours": 96,
                "ramByteHours": 412316860416, "preemptible": i % 6 == 0, "discount": 0.3, "cpuCost": cpu, "gpuCost": 0,
                "ramCost": ram, "adjustment": 0, "totalCost": round((cpu + ram) * 0.7, 6)}
        else:
            cost = round(rng.uniform(0.01, 0.2), 6)
            items[f"Disk/{cluster}/vol-{i}"] = {
                "type": "Disk", "window": window, "start": window["start"], "end": window["end"], "minutes": 1440,
                "properties": {"category": "Storage", "provider": "AWS", "account": "123456789012", "cluster": cluster,
                               "name": f"pvc-{i}", "providerID": f"vol-{i:012x}"},
                "labels": {"team": f"team-{i % 40}"}, "byteHours": 257698037760, "bytes": 10737418240,
                "storageClass": "gp3", "adjustment": 0, "totalCost": cost}
    json.dump({"code": 200, "data": [items]}, open(out, "w"))

def castai(out, workloads, steps):
    rng = random.Random(3)
    items = []
    for w in range(workloads):
        metrics = []
        for s in range(steps):
            metrics.append({"timestamp": f"2025-06-01T{s % 24:02d}:00:00Z",
                            "costOnDemand": f"{rng.uniform(0, 0.1):.6f}", "costSpot": f"{rng.uniform(0, 0.05):.6f}",
                            "costSpotFallback": "0" if s % 5 else f"{rng.uniform(0, 0.02):.6f}",
                            "cpuCountOnDemand": "1.5", "cpuCountSpot": "0.5", "cpuCountSpotFallback": "0.25",
                            "podCountOnDemand": "3", "podCountSpot": "1", "podCountSpotFallback": "1",
                            "storageCost": "0" if w % 3 else "0.002", "storageGib": "10"})
        items.append({"workloadName": f"app-{w}", "workloadType": "Deployment", "namespace": f"team-{w % 40}",
                      "labels": [{"name": "team", "value": f"team-{w % 40}"}], "costMetrics": metrics})
    json.dump({"clusterId": "8d7e6f1a-0c2b-4f3e-9a11-2b7c5d4e3f21", "items": items, "nextCursor": "",
               "count": str(workloads)}, open(out, "w"))

if __name__ == "__main__":
    if sys.argv[1] == "assets":
        assets(sys.argv[2], int(sys.argv[3]))
    else:
        castai(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
