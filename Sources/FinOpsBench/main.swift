// finops-bench: the Swift side of `make bench`. Each subcommand runs one measured task and prints its figures as
// `key=value` lines that the bench scripts in bench/ compare with the peers measured in the same run.
#if canImport(Glibc)
    import Glibc
#endif

let benchmarks: [String: ([String]) throws -> Void] = ["csv": csvBenchmark, "exposition": expositionBenchmark]

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let run = benchmarks[name] else {
    print("usage: finops-bench <\(benchmarks.keys.sorted().joined(separator: "|"))> [arguments]")
    exit(2)
}
try run(Array(arguments.dropFirst()))
