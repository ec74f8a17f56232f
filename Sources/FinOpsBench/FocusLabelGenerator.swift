/// FOCUS-like label values for the exposition benchmark, identical to bench/exposition/focus_labels.py.
///
/// Every value is a pure function of (seed, row, column): `mix` is the SplitMix64 finalizer, so the Swift and
/// Python sides produce the same bytes without sharing state (the bench script compares the CRC-32 of both
/// bodies). Cardinalities follow a real FOCUS export: a few billing accounts and providers, hundreds of
/// sub-accounts, tens of regions and services, thousands of SKUs, hourly charge periods over one month, and a
/// resource id and list price that are (almost) unique per row. Values are 2–36 bytes, 16 on average.
final class FocusLabelGenerator {
    static let labelNames = [
        "BillingAccountId", "BillingAccountName", "SubAccountId", "SubAccountName", "ProviderName",
        "RegionId", "AvailabilityZone", "ServiceName", "ServiceCategory", "ResourceId",
        "ResourceName", "ResourceType", "SkuId", "SkuPriceId", "ChargeCategory",
        "ChargeFrequency", "ChargePeriodStart", "ChargePeriodEnd", "PricingUnit", "ListUnitPrice",
    ]

    private static let providers = ["AWS", "Microsoft", "Google Cloud", "Oracle"]
    private static let regions = [
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "eu-north-1",
        "ap-south-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "sa-east-1", "ca-central-1",
        "westeurope", "northeurope", "eastus", "eastus2", "westus2", "centralus", "uksouth", "francecentral",
        "europe-west1", "us-central1",
    ]
    private static let services = [
        "Amazon Elastic Compute Cloud", "Amazon Simple Storage Service", "Amazon Relational Database Service",
        "AWS Lambda", "Amazon CloudFront", "Amazon DynamoDB", "Amazon Elastic Kubernetes Service",
        "AWS Data Transfer", "Virtual Machines", "Storage", "Azure SQL Database", "Azure Kubernetes Service",
        "Bandwidth", "Azure Monitor", "Azure App Service", "Compute Engine", "Cloud Storage", "BigQuery", "Cloud SQL",
        "Kubernetes Engine", "Networking", "Cloud Logging", "Oracle Cloud Infrastructure Compute", "Block Volume",
        "Object Storage", "Autonomous Database", "Load Balancer", "Key Management", "Amazon Elastic Block Store",
        "Azure Cosmos DB",
    ]
    private static let categories = [
        "Compute", "Storage", "Databases", "Networking", "Analytics", "Management and Governance", "Security",
        "Web", "Containers", "Serverless", "AI and Machine Learning", "Other",
    ]
    private static let resourceTypes = [
        "Virtual Machine", "Disk", "Bucket", "Database Instance", "Load Balancer", "Function", "Cluster",
        "NAT Gateway", "Public IP Address", "Snapshot", "Key Vault", "Container Registry", "Queue", "Table",
        "Distribution",
    ]
    private static let chargeCategories = ["Usage", "Purchase", "Tax", "Credit", "Adjustment"]
    private static let chargeFrequencies = ["Usage-Based", "Recurring", "One-Time"]
    private static let pricingUnits = [
        "Hours", "GB-Months", "GB", "Requests", "1K Requests", "vCPU-Hours", "GiB-Hours", "Units", "10K Transactions",
        "IOPS-Months",
    ]
    private static let words = [
        "platform", "payments", "search", "data", "ml", "web", "mobile", "infra", "identity", "analytics", "billing",
        "ledger",
    ]

    let seed: UInt64
    /// Every pool value, one after the other; pool `p` entry `i` is `poolBytes[poolEnds[poolStarts[p] + i] ..<
    /// poolEnds[poolStarts[p] + i + 1]]`.
    private let poolBytes: UnsafeMutablePointer<UInt8>
    private let poolEnds: UnsafeMutablePointer<Int>
    private let poolStarts: UnsafeMutablePointer<Int>
    /// The current row: its values one after the other, and where each ends.
    let rowBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 2048)
    /// End of each value in `rowBytes` (the start is the previous end, or 0).
    let rowEnds = UnsafeMutablePointer<Int>.allocate(capacity: 21)

    init(seed: UInt64 = 42) {
        self.seed = seed
        func pool(_ column: UInt64, _ size: Int, _ make: (Int, UInt64) -> String) -> [String] {
            (0..<size).map { make($0, Self.mix(column &* 1_000_003 &+ UInt64($0))) }
        }
        let words = Self.words
        let pools: [[String]] = [
            pool(1, 4) { _, h in Self.decimal(h % 1_000_000_000_000, width: 12) },
            pool(2, 4) { _, h in "acme-\(words[Int(h % 12)])-billing" },
            pool(3, 300) { _, h in
                Self.hex(h >> 32, width: 8) + "-" + Self.hex((h >> 16) & 0xFFFF, width: 4) + "-4"
                    + Self.hex((h >> 4) & 0xFFF, width: 3) + "-a" + Self.hex((h >> 40) & 0xFFF, width: 3) + "-"
                    + Self.hex(Self.mix(h) >> 16, width: 12)
            },
            pool(4, 300) { i, h in
                "team-\(words[Int(h % 12)])-\(words[Int((h >> 8) % 12)])-" + Self.decimal(UInt64(i), width: 3)
            },
            pool(5, 2000) { _, h in Self.code(h, 4) + "-" + Self.code(h >> 24, 8) },
            pool(6, 5000) { _, h in
                Self.code(h, 12) + "." + Self.code(Self.mix(h &+ 1), 10) + "." + Self.code(Self.mix(h &+ 2), 10)
            },
            Self.providers, Self.regions, Self.services, Self.categories, Self.resourceTypes, Self.chargeCategories,
            Self.chargeFrequencies, Self.pricingUnits,
        ]
        let bytes = pools.flatMap { $0.flatMap { Array($0.utf8) } }
        var ends = [0]
        var starts: [Int] = []
        for pool in pools {
            starts.append(ends.count - 1)
            for value in pool { ends.append(ends[ends.count - 1] + value.utf8.count) }
        }
        // 8 bytes of slack: values are copied a word at a time.
        poolBytes = .allocate(capacity: bytes.count + 8)
        poolBytes.initialize(from: bytes + [UInt8](repeating: 0, count: 8), count: bytes.count + 8)
        poolEnds = .allocate(capacity: ends.count)
        poolEnds.initialize(from: ends, count: ends.count)
        poolStarts = .allocate(capacity: starts.count)
        poolStarts.initialize(from: starts, count: starts.count)
    }

    deinit {
        poolBytes.deallocate()
        poolEnds.deallocate()
        poolStarts.deallocate()
        rowBytes.deallocate()
        rowEnds.deallocate()
    }

    /// SplitMix64's finalizer.
    static func mix(_ input: UInt64) -> UInt64 {
        var x = input &+ 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }

    private static func code(_ input: UInt64, _ length: Int) -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        var x = input
        var out: [UInt8] = []
        for _ in 0..<length {
            out.append(alphabet[Int(x % 36)])
            x /= 36
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ value: UInt64, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func decimal(_ value: UInt64, width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Label value `index` (0..<20) of the row made by the last ``generate(_:)``.
    @inline(__always)
    func value(_ index: Int) -> UnsafeRawBufferPointer {
        let start = index == 0 ? 0 : rowEnds[index - 1]
        return UnsafeRawBufferPointer(start: rowBytes + start, count: rowEnds[index] - start)
    }

    /// Bytes of all label values of the last row.
    var rowByteCount: Int { rowEnds[19] }

    /// Makes row `row`'s 20 label values (read them with ``value(_:)``) and returns its sample value.
    func generate(_ row: Int) -> Double {
        let base = seed &+ UInt64(row) &* 8
        let r0 = Self.mix(base)
        let r1 = Self.mix(base &+ 1)
        let r2 = Self.mix(base &+ 2)
        let r3 = Self.mix(base &+ 3)
        let r4 = Self.mix(base &+ 4)
        var writer = RowWriter(bytes: rowBytes, ends: rowEnds)
        // Pool sizes are literals so that `%` compiles to a multiplication.
        @inline(__always) func pick(_ pool: Int, _ index: UInt64, _ size: UInt64) -> UnsafeRawBufferPointer {
            let entry = poolStarts[pool] + Int(index % size)
            return UnsafeRawBufferPointer(
                start: poolBytes + poolEnds[entry], count: poolEnds[entry + 1] - poolEnds[entry])
        }
        let account = r0 & 0xFFFF
        let sub = (r0 >> 16) & 0xFFFF
        let region = pick(7, (r0 >> 40) & 0xFFFF, 24)
        let service = (r1 & 0xFFFF) % 30
        writer.value(pick(0, account, 4))
        writer.value(pick(1, account, 4))
        writer.value(pick(2, sub, 300))
        writer.value(pick(3, sub, 300))
        writer.value(pick(6, (r0 >> 32) & 0xFF, 4))
        writer.value(region)
        writer.append(region)
        writer.append(UInt8(ascii: "a") + UInt8((r0 >> 56) % 3))
        writer.end()
        writer.value(pick(8, service, 30))
        writer.value(pick(9, service % 12, 12))
        switch ((r1 >> 16) & 0xFFFF) % 3 {
        case 0: writer.append("i-")
        case 1: writer.append("vol-")
        default: writer.append("arn:aws:s3:::finops-")
        }
        writer.appendHex16(r2)
        writer.end()
        writer.append("resource-")
        writer.appendDecimal((r3 >> 40) % 1_000_000, width: 6)
        writer.end()
        writer.value(pick(10, (r1 >> 32) & 0xFFFF, 15))
        writer.value(pick(4, r1 >> 48, 2000))
        writer.value(pick(5, (r3 >> 16) & 0xFFFF, 5000))
        writer.value(pick(11, (r3 >> 32) & 0xFF, 5))
        writer.value(pick(12, (r2 >> 8) & 0xFF, 3))
        let day = (r3 & 0xFF) % 31 + 1
        let hour = ((r3 >> 8) & 0xFF) % 24
        writer.appendTimestamp(month: 1, day: day, hour: hour)
        if hour < 23 {
            writer.appendTimestamp(month: 1, day: day, hour: hour + 1)
        } else if day < 31 {
            writer.appendTimestamp(month: 1, day: day + 1, hour: 0)
        } else {
            writer.appendTimestamp(month: 2, day: 1, hour: 0)
        }
        writer.value(pick(13, r4 & 0xFF, 10))
        let price = r4 >> 40
        writer.appendDecimal(price % 100, width: 1)
        writer.append(UInt8(ascii: "."))
        writer.appendDecimal((price >> 8) % 1_000_000, width: 6)
        writer.end()
        return Double(r4 % 100_000_000) / 10_000
    }
}

/// Appends one row's values into the generator's buffers.
private struct RowWriter {
    let bytes: UnsafeMutablePointer<UInt8>
    let ends: UnsafeMutablePointer<Int>
    var count = 0
    var values = 0

    init(bytes: UnsafeMutablePointer<UInt8>, ends: UnsafeMutablePointer<Int>) {
        self.bytes = bytes
        self.ends = ends
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        bytes[count] = byte
        count += 1
    }

    /// Copies a pool value a word at a time (pool and row buffers have slack for the last word).
    @inline(__always)
    mutating func append(_ value: UnsafeRawBufferPointer) {
        guard let source = value.baseAddress else { return }
        var offset = 0
        while offset < value.count {
            UnsafeMutableRawPointer(bytes + count + offset).storeBytes(
                of: source.loadUnaligned(fromByteOffset: offset, as: UInt64.self), as: UInt64.self)
            offset += 8
        }
        count += value.count
    }

    mutating func append(_ text: StaticString) {
        for index in 0..<text.utf8CodeUnitCount { append(text.utf8Start[index]) }
    }

    /// Ends the current value.
    @inline(__always)
    mutating func end() {
        ends[values] = count
        values += 1
    }

    @inline(__always)
    mutating func value(_ value: UnsafeRawBufferPointer) {
        append(value)
        end()
    }

    /// `value` as 16 lower-case hex digits, two per step.
    mutating func appendHex16(_ value: UInt64) {
        for pair in 0..<8 {
            let byte = UInt8(truncatingIfNeeded: value &>> UInt64(56 - pair * 8))
            bytes[count + pair * 2] = Self.hexDigit(byte >> 4)
            bytes[count + pair * 2 + 1] = Self.hexDigit(byte & 0xF)
        }
        count += 16
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble &+ (nibble < 10 ? UInt8(ascii: "0") : UInt8(ascii: "a") &- 10)
    }

    /// `value` in decimal, zero-padded to `width` digits.
    mutating func appendDecimal(_ value: UInt64, width: Int) {
        var digits = 0
        var rest = value
        repeat {
            digits += 1
            rest /= 10
        } while rest > 0
        let total = max(width, digits)
        rest = value
        for position in stride(from: count + total - 1, through: count, by: -1) {
            bytes[position] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        count += total
    }

    mutating func appendTimestamp(month: UInt64, day: UInt64, hour: UInt64) {
        append("2026-")
        appendDecimal(month, width: 2)
        append(UInt8(ascii: "-"))
        appendDecimal(day, width: 2)
        append(UInt8(ascii: "T"))
        appendDecimal(hour, width: 2)
        append(":00:00Z")
        end()
    }
}
