extension ClusterSourceSpec {
    /// The strategies the allocator knows.
    static let strategies = ["cpu", "memory", "gpu", "weighted", "node"]

    /// The settings with defaults applied. Rules: `strategy` is one of ``strategies``; `pricing` has at least one
    /// entry (unless `pricingConfigMapRef` names a ConfigMap), each with at least one price and no negative one; `currency` is an ISO 4217 code; `tags` name a tag
    /// and a label, tags distinct.
    func normalized(field: String, defaultNamespace: String, errors: inout FieldErrors)
        -> ExporterConfigFile.ClusterAllocation?
    {
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
        if pricing.isEmpty && pricingConfigMapRef == nil {
            errors.required(
                "\(field).pricing",
                "Give at least one price, e.g. {labels: {node.kubernetes.io/instance-type: m5.xlarge}, "
                    + "nodeHourly: 19200000} (microcents per hour), or a pricingConfigMapRef.")
        }
        for (index, entry) in pricing.enumerated() {
            if let problem = entry.problem { errors.invalid("\(field).pricing[\(index)]", problem) }
        }
        var configMap: ExporterConfigFile.ConfigMapKey?
        if let ref = pricingConfigMapRef {
            if ref.name.isEmpty || ref.key?.isEmpty == true {
                errors.invalid("\(field).pricingConfigMapRef", "Name the ConfigMap (and leave key out or non-empty).")
            }
            configMap = ExporterConfigFile.ConfigMapKey(
                namespace: ref.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? defaultNamespace, name: ref.name,
                key: ref.key ?? "pricing.yaml")
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
            pricing: pricing, pricingConfigMap: configMap, tags: tags ?? [])
    }
}
