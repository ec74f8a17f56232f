// `finops-bench csv FILE`: CSV throughput on one core, as CPU time (bench/csv.sh compares it with pyarrow and
// Python's csv module measured in the same run).
import Focus

#if canImport(Glibc)
    import Glibc
#endif

/// Measures two passes over FILE, each streamed from the file in chunks, best of `--repeat` runs (default 3: the
/// machine is shared, and the fastest run is the one least disturbed):
///
/// - tokenize: ``CSVRecordCounter``, field and record boundaries only (the ≥ 500 MB/s target is about this);
/// - read: ``CSVReader`` into ``RowBatch``es of the default 4 MiB, each dropped once counted (as a consumer would).
///
/// Prints `key=value` lines; MB is 10^6 bytes, and CPU time is user + system (the `read(2)` copies included).
/// `--chunk-bytes N` sets the chunk size (default 1 MiB).
func csvBenchmark(_ arguments: [String]) throws {
    guard let path = arguments.first else {
        print("usage: finops-bench csv FILE [--repeat N] [--chunk-bytes N]")
        exit(2)
    }
    let repeats = max(Int(option("--repeat", in: arguments) ?? "") ?? 3, 1)
    let chunkBytes = max(Int(option("--chunk-bytes", in: arguments) ?? "") ?? 1 << 20, 1)

    var tokenize: [CPUTime] = []
    var read: [CPUTime] = []
    var shape = (bytes: 0, records: 0, fields: 0)
    var rows = 0
    var batches = 0
    for _ in 0..<repeats {
        var counter = CSVRecordCounter()
        let before = CPUTime.now()
        let bytes = try streamFile(path, chunkBytes: chunkBytes) { counter.feed($0) }
        try counter.finish()
        tokenize.append(CPUTime.now() - before)
        shape = (bytes, counter.records, counter.fields)
    }
    for _ in 0..<repeats {
        var reader = CSVReader()
        var rowCount = 0
        var batchCount = 0
        let before = CPUTime.now()
        _ = try streamFile(path, chunkBytes: chunkBytes) { chunk in
            for batch in try reader.feed(chunk) {
                rowCount += batch.rowCount
                batchCount += 1
            }
        }
        for batch in try reader.finish() {
            rowCount += batch.rowCount
            batchCount += 1
        }
        read.append(CPUTime.now() - before)
        rows = rowCount
        batches = batchCount
        if !reader.issues.isEmpty { print("issues=\(reader.issues.total)") }
    }

    let megabytes = Double(shape.bytes) / 1e6
    let bestTokenize = tokenize.min { $0.total < $1.total } ?? CPUTime()
    let bestRead = read.min { $0.total < $1.total } ?? CPUTime()
    print("bytes=\(shape.bytes)")
    print("records=\(shape.records)")
    print("fields=\(shape.fields)")
    print("rows=\(rows)")
    print("batches=\(batches)")
    print("repeats=\(repeats)")
    print("chunk_bytes=\(chunkBytes)")
    print("tokenize_cpu_seconds=\(format(bestTokenize.total))")
    print("tokenize_user_seconds=\(format(bestTokenize.user))")
    print("tokenize_mb_per_s=\(format(megabytes / bestTokenize.total))")
    print("tokenize_all_cpu_seconds=\(tokenize.map { format($0.total) }.joined(separator: ","))")
    print("read_cpu_seconds=\(format(bestRead.total))")
    print("read_user_seconds=\(format(bestRead.user))")
    print("read_mb_per_s=\(format(megabytes / bestRead.total))")
    print("read_all_cpu_seconds=\(read.map { format($0.total) }.joined(separator: ","))")
    print("max_rss_mib=\(format(CPUTime.maxResidentMiB()))")
}

/// The value after `name` in `arguments`.
private func option(_ name: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

private func format(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return "\(scaled)"
}

/// Reads `path` with `read(2)` into one reused buffer and calls `body` with each chunk; returns the bytes read.
private func streamFile(
    _ path: String, chunkBytes: Int, _ body: (UnsafeRawBufferPointer) throws -> Void
) throws -> Int {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw BenchError("cannot open \(path)") }
    defer { close(descriptor) }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkBytes, alignment: 64)
    defer { buffer.deallocate() }
    var total = 0
    while true {
        let count = Glibc.read(descriptor, buffer.baseAddress, chunkBytes)
        guard count >= 0 else { throw BenchError("cannot read \(path)") }
        if count == 0 { return total }
        total += count
        try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
    }
}

private struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Process CPU time from `getrusage`, split into user and system.
struct CPUTime {
    var user = 0.0
    var system = 0.0
    var total: Double { user + system }

    static func now() -> CPUTime {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return CPUTime(user: seconds(usage.ru_utime), system: seconds(usage.ru_stime))
    }

    static func maxResidentMiB() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    static func - (lhs: CPUTime, rhs: CPUTime) -> CPUTime {
        CPUTime(user: lhs.user - rhs.user, system: lhs.system - rhs.system)
    }

    private static func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
}
