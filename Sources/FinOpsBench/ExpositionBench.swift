/// `finops-bench exposition`: building 1M series × 20 labels (bench/exposition.sh compares with prometheus_client).
func expositionBenchmark(_ arguments: [String]) throws {
    print("exposition benchmark not implemented yet")
}
