// finops-bench: the Swift side of `make bench`. Each subcommand runs one measured task and prints its figures as
// `key=value` lines that the bench scripts in bench/ compare with the peers measured in the same run.
#if canImport(Glibc)
    import Glibc
#endif

let benchmarks: [String: ([String]) throws -> Void] = [
    "csv": csvBenchmark, "exposition": expositionBenchmark, "cluster": clusterBenchmark,
]

/// `--name value` pairs of a subcommand's arguments, by name (a name without a value is reported and left out).
func optionPairs(_ arguments: [String]) -> [String: String] {
    var pairs: [String: String] = [:]
    var index = 0
    while index + 1 < arguments.count {
        pairs[arguments[index]] = arguments[index + 1]
        index += 2
    }
    if index < arguments.count { print("argument \(arguments[index]) has no value") }
    return pairs
}

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let run = benchmarks[name] else {
    print("usage: finops-bench <\(benchmarks.keys.sorted().joined(separator: "|"))> [arguments]")
    exit(2)
}
try run(Array(arguments.dropFirst()))
