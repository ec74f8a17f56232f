extension ClusterSourceSpec {
    /// The strategies the allocator knows.
    static let strategies = ["cpu", "memory", "gpu", "weighted", "node"]

    /// The settings with defaults applied. Rules: `strategy` is one of ``strategies``; `pricing` has at least one
    /// entry, each with at least one price and no negative one; `currency` is an ISO 4217 code; `tags` name a tag
    /// and a label, tags distinct.
    func normalized(field: String, errors: inout FieldErrors) -> ExporterConfigFile.ClusterAllocation? {
        let strategy = (self.strategy ?? "weighted").lowercased()
        if !Self.strategies.contains(strategy) {
            errors.notSupported(
                "\(field).strategy",
                "\"\(self.strategy ?? "")\" is not a strategy; use \(Self.strategies.joined(separator: ", ")).")
        }
        let currency = self.currency ?? "USD"
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            errors.invalid("\(field).currency", "\"\(currency)\" is not an ISO 4217 currency code such as USD or EUR.")
        }
        let pricing = self.pricing ?? []
        if pricing.isEmpty {
            errors.required(
                "\(field).pricing",
                "Give at least one price, e.g. {labels: {node.kubernetes.io/instance-type: m5.xlarge}, "
                    + "nodeHourly: 19200000} (microcents per hour).")
        }
        for (index, entry) in pricing.enumerated() {
            let prices = [entry.nodeHourly, entry.vcpuHourly, entry.memoryGiBHourly, entry.gpuHourly].compactMap { $0 }
            if prices.isEmpty {
                errors.required(
                    "\(field).pricing[\(index)]", "Set nodeHourly, vcpuHourly, memoryGiBHourly or gpuHourly.")
            }
            if prices.contains(where: { $0 < 0 || !$0.isFinite }) {
                errors.invalid("\(field).pricing[\(index)]", "Prices are microcents per hour, zero or more.")
            }
        }
        var seen = Set<String>()
        for (index, mapping) in (tags ?? []).enumerated() {
            if mapping.tag.isEmpty || mapping.label.isEmpty {
                errors.invalid("\(field).tags[\(index)]", "Name both the tag and the pod label it comes from.")
            } else if !seen.insert(mapping.tag).inserted {
                errors.invalid("\(field).tags[\(index)].tag", "The tag \(mapping.tag) is mapped twice.")
            }
        }
        return ExporterConfigFile.ClusterAllocation(
            name: name.flatMap { $0.isEmpty ? nil : $0 } ?? "kubernetes", strategy: strategy, currency: currency,
            pricing: pricing, tags: tags ?? [])
    }
}
