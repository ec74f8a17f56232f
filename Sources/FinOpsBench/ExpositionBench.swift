import Exposition

#if canImport(Glibc)
    import Glibc
#endif

/// `finops-bench exposition [--series N] [--encoding gzip|identity] [--duplicates report|sum|last] [--seed S]
/// [--out FILE]`: builds one body of
/// N series × 20 FOCUS-like labels (bench/exposition.sh compares with a Go stdlib-only exporter and prometheus_client).
///
/// Label values come from ``FocusLabelGenerator`` row by row, as the exporter reads them from a row batch; the
/// generator keeps nothing, so the memory measured is the builder's. Prints `key=value` lines:
/// `gen_cpu_seconds` (producing the values alone, measured in a first pass), `cpu_seconds` (producing and
/// building, the figure compared with the peers), `build_cpu_seconds` (their difference), `peak_rss_bytes`
/// (peak resident set during the build minus the resident set before it), `bytes_per_series`, `body_bytes`
/// (plain text), `gzip_bytes` (stored body when gzip) and `values_crc32` (CRC-32 of the first 10,000 rows' values,
/// equal to the Python peer's when both generate the same data).
func expositionBenchmark(_ arguments: [String]) throws {
    var series = 1_000_000
    var encoding = ExpositionEncoding.gzip
    var seed: UInt64 = 42
    var outputPath: String?
    var duplicates = DuplicatePolicy.report
    for (name, value) in optionPairs(arguments) {
        switch name {
        case "--series": series = Int(value) ?? series
        case "--encoding": encoding = ExpositionEncoding(rawValue: value) ?? encoding
        case "--seed": seed = UInt64(value) ?? seed
        case "--out": outputPath = value
        case "--duplicates": duplicates = value == "sum" ? .sum : value == "last" ? .last : .report
        default: print("unknown argument \(name)")
        }
    }

    let generator = FocusLabelGenerator(seed: seed)

    // Pass 1: the values alone, so that their cost can be told apart from the builder's.
    let genStart = cpuSeconds()
    var checksum = 0.0
    for row in 0..<series { checksum += generator.generate(row) + Double(generator.rowByteCount) }
    let genSeconds = cpuSeconds() - genStart

    // Pass 2: values and body.
    let family = try MetricFamily(
        name: "finops_billed_cost", help: "Billed cost of a FOCUS charge row, in the billing currency.",
        type: .gauge, labelNames: FocusLabelGenerator.labelNames, duplicatePolicy: duplicates)
    let rssBefore = residentBytes(field: "VmRSS:")
    let start = cpuSeconds()
    let builder = ExpositionBuilder(encoding: encoding)
    let rowBytes = generator.rowBytes
    let rowEnds = generator.rowEnds
    try builder.family(family) { writer in
        for row in 0..<series {
            let value = generator.generate(row)
            try writer.append(value: value) { labels in
                var start = 0
                for label in 0..<20 {
                    let end = rowEnds[label]
                    labels.append(UnsafeRawBufferPointer(start: rowBytes + start, count: end - start))
                    start = end
                }
            }
        }
    }
    let body = builder.finish()
    let seconds = cpuSeconds() - start
    let peak = residentBytes(field: "VmHWM:") - rssBefore

    if let outputPath, let file = fopen(outputPath, "wb") {
        for chunk in body.chunks { _ = chunk.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) } }
        fclose(file)
    }
    print("series=\(series)")
    print("labels=\(FocusLabelGenerator.labelNames.count)")
    print("encoding=\(encoding.rawValue)")
    print("duplicates=\(duplicates)")
    print("rendered_series=\(body.report.series)")
    print("duplicate_series=\(body.report.duplicateSeries)")
    print("gen_cpu_seconds=\(rounded(genSeconds))")
    print("cpu_seconds=\(rounded(seconds))")
    print("build_cpu_seconds=\(rounded(seconds - genSeconds))")
    print("peak_rss_bytes=\(peak)")
    print("bytes_per_series=\(series > 0 ? peak / series : 0)")
    print("body_bytes=\(body.uncompressedByteCount)")
    print("gzip_bytes=\(encoding == .gzip ? body.byteCount : 0)")
    print("values_crc32=\(String(valuesCRC32(generator), radix: 16))")
    if checksum.isNaN { print("checksum=nan") }  // keeps the first pass from being optimised away
}

/// CRC-32 of rows 0..<10,000: values joined by tabs, rows ended by newlines (as the Python peer computes it).
private func valuesCRC32(_ generator: FocusLabelGenerator) -> UInt32 {
    var table = [UInt32](repeating: 0, count: 256)
    for n in 0..<256 {
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        table[n] = c
    }
    var crc: UInt32 = 0xFFFF_FFFF
    func add(_ byte: UInt8) { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    for row in 0..<10_000 {
        _ = generator.generate(row)
        for label in 0..<20 {
            if label > 0 { add(UInt8(ascii: "\t")) }
            generator.value(label).forEach(add)
        }
        add(UInt8(ascii: "\n"))
    }
    return ~crc
}

private func rounded(_ value: Double) -> String { String(Double(Int((value * 1000).rounded())) / 1000) }

/// User plus system CPU time of this process.
private func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
}

/// A `kB` field of /proc/self/status (`VmRSS:` now, `VmHWM:` peak), in bytes; 0 where /proc is missing.
private func residentBytes(field: String) -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix(field) {
            let digits = text.dropFirst(field.count).filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
    }
    return 0
}
