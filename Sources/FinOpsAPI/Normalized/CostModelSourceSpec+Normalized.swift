import KubeCore

extension CostModelSourceSpec {
    /// The request path (with its query) and the mapping settings of this block, for `product` (`kubecost` or
    /// `opencost`) at `field`. Rules: `api` is `allocation` or `assets`; the idle options belong to allocations;
    /// `window`, `aggregate`, `step`, `filter` and `tagAllowlist` entries are non-empty when given; `currency` is an
    /// ISO 4217 code.
    func normalized(product: String, field: String, errors: inout FieldErrors) -> (
        path: String, model: ExporterConfigFile.CostModel
    ) {
        let kind = api ?? "allocation"
        if kind != "allocation" && kind != "assets" {
            errors.notSupported("\(field).api", "\"\(kind)\" is not an API of \(product); use allocation or assets.")
        }
        if kind == "assets" {
            for (name, value) in [("includeIdle", includeIdle), ("shareIdle", shareIdle), ("idleByNode", idleByNode)]
            where value != nil {
                errors.invalid("\(field).\(name)", "\(name) applies to the allocation API, not to assets.")
            }
        }
        for (name, value) in [("window", window), ("aggregate", aggregate), ("step", step), ("filter", filter)] {
            if let value, value.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.invalid("\(field).\(name)", "\(name) is empty; leave it out for the default.")
            }
        }
        let currency = self.currency ?? "USD"
        if currency.count != 3 || !currency.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            errors.invalid("\(field).currency", "\"\(currency)\" is not an ISO 4217 currency code such as USD or EUR.")
        }
        for (index, key) in (tagAllowlist ?? []).enumerated() where key.isEmpty {
            errors.invalid("\(field).tagAllowlist[\(index)]", "A tag key is empty.")
        }

        var query: [(String, String)] = [("window", window ?? "1d")]
        if let aggregate { query.append(("aggregate", aggregate)) }
        if let step { query.append(("step", step)) }
        if let accumulate { query.append(("accumulate", String(accumulate))) }
        if kind == "allocation" {
            query.append(("includeIdle", String(includeIdle ?? true)))
            if let shareIdle { query.append(("shareIdle", String(shareIdle))) }
            if let idleByNode { query.append(("idleByNode", String(idleByNode))) }
        }
        if let filter { query.append(("filter", filter)) }
        let base = product == "kubecost" ? "/model/\(kind)" : "/\(kind)"
        let path = base + "?" + query.map { "\($0)=\(PercentEncoding.escape($1))" }.joined(separator: "&")
        let model = ExporterConfigFile.CostModel(
            product: product, api: kind, currency: currency, billingAccountId: billingAccountId,
            serviceProviderName: serviceProviderName, hostProviderName: hostProviderName, tagAllowlist: tagAllowlist)
        return (path, model)
    }
}
