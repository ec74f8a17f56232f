extension CastAISourceSpec {
    /// The settings with defaults applied. Rules: `organizationId` is required; `window` and `step` are Go
    /// durations, `step` whole hours from 1h to 24h dividing a day, `window` a whole number of steps up to 92 days;
    /// `clusters`/`excludeClusters` and `namespaces`/`excludeNamespaces` are mutually exclusive and hold no empty
    /// entry; `tagAllowlist` holds no empty key.
    func normalized(field: String, errors: inout FieldErrors) -> ExporterConfigFile.CastAI? {
        let organization = organizationId?.trimmingCharacters(in: .whitespaces) ?? ""
        if organization.isEmpty {
            errors.required(
                "\(field).organizationId", "Give the Cast AI organization id (Settings → Organization in the console).")
        }
        var step = seconds(step, default: 3_600, field: "\(field).step", errors: &errors)
        if let hours = step, hours % 3_600 != 0 || hours > 86_400 || 86_400 % hours != 0 {
            errors.invalid(
                "\(field).step", "The step is whole hours dividing a day: 1h, 2h, 3h, 4h, 6h, 8h, 12h or 24h.")
            step = nil
        }
        let window = seconds(window, default: 86_400, field: "\(field).window", errors: &errors)
        if let window, let step, window % step != 0 || window > 92 * 86_400 {
            errors.invalid("\(field).window", "The window is a whole number of steps, at most 92 days (2208h).")
        }
        for (include, exclude, what) in [
            ("clusters", "excludeClusters", (clusters, excludeClusters)),
            ("namespaces", "excludeNamespaces", (namespaces, excludeNamespaces)),
        ] {
            if what.0 != nil && what.1 != nil {
                errors.conflict(
                    "\(field).\(exclude)",
                    "Set \(include) (only these) or \(exclude) (all but these), not both.")
            }
            for (name, list) in [(include, what.0), (exclude, what.1)] {
                for (index, entry) in (list ?? []).enumerated() where entry.isEmpty {
                    errors.invalid("\(field).\(name)[\(index)]", "An entry is empty.")
                }
            }
        }
        for (index, key) in (tagAllowlist ?? []).enumerated() where key.isEmpty {
            errors.invalid("\(field).tagAllowlist[\(index)]", "A tag key is empty.")
        }
        guard !organization.isEmpty, let step, let window else { return nil }
        return ExporterConfigFile.CastAI(
            organizationId: organization, windowSeconds: window, stepSeconds: step, clusters: clusters,
            excludeClusters: excludeClusters, namespaces: namespaces, excludeNamespaces: excludeNamespaces,
            tagAllowlist: tagAllowlist, clusterPrices: enrichment?.clusterPrices ?? true,
            defaultPricing: enrichment?.defaultPricing ?? true, billing: enrichment?.billing ?? true,
            discounts: enrichment?.discounts ?? true, enterpriseBilling: enrichment?.enterpriseBilling ?? false)
    }

    private func seconds(_ text: String?, default value: Int, field: String, errors: inout FieldErrors) -> Int? {
        guard let text else { return value }
        guard let duration = GoDuration.parse(text), duration > .zero,
            duration.components.attoseconds == 0
        else {
            errors.invalid(field, "\"\(text)\" is not a positive Go duration in whole seconds such as 24h or 1h.")
            return nil
        }
        return Int(duration.components.seconds)
    }
}
