/// `finops-bench csv FILE`: CSV tokenizing and reading throughput (bench/csv.sh compares with pyarrow and Python csv).
func csvBenchmark(_ arguments: [String]) throws {
    print("csv benchmark not implemented yet")
}
