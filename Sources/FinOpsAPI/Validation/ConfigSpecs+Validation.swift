import KubeCore

extension DatabaseConfigSpec {
    /// Checks that the user name and the password's Secret key are set, and returns the Secret key with its
    /// namespace filled in (`defaultNamespace` when the reference has none).
    public func validated(defaultNamespace: String) throws(SpecError) -> (username: String, password: ResolvedSecretKey)
    {
        var errors = FieldErrors()
        if username.nonEmpty == nil {
            errors.required("spec.username", "Set the database user name.")
        }
        var password: ResolvedSecretKey?
        if let ref = passwordSecretRef {
            if ref.name.isEmpty {
                errors.required("spec.passwordSecretRef.name", "Set the name of the Secret that holds the password.")
            }
            if ref.key.isEmpty {
                errors.required("spec.passwordSecretRef.key", "Set the key of the Secret that holds the password.")
            }
            password = ref.resolved(defaultNamespace: defaultNamespace)
        } else {
            errors.required(
                "spec.passwordSecretRef",
                "Set passwordSecretRef to the name and key of the Secret holding the password.")
        }
        try errors.throwIfAny()
        guard let username, let password else { throw SpecError(fieldErrors: errors.all) }
        return (username, password)
    }
}

extension ProviderConfigSpec {
    /// The ``ResourceConfig``s this provider lists, with namespaces filled in; every entry needs a name. An empty
    /// list is valid: the provider then adds no usage metrics.
    public func resourceConfigs(defaultNamespace: String) throws(SpecError) -> [ObjectKey] {
        var errors = FieldErrors()
        let keys = (resourcesRef ?? []).enumerated().compactMap { index, ref in
            SpecRules.reference(
                ref, field: "spec.resourcesRef[\(index)]", defaultNamespace: defaultNamespace, what: "ResourceConfig",
                errors: &errors)
        }
        try errors.throwIfAny()
        return keys
    }
}

extension ResourceConfigSpec {
    /// The ``MetricConfig``s to collect for this resource type, with namespaces filled in, after checking that
    /// `resourceFocusName` and every reference's name are set.
    public func metricConfigs(defaultNamespace: String) throws(SpecError) -> [ObjectKey] {
        var errors = FieldErrors()
        if resourceFocusName.isEmpty {
            errors.required(
                "spec.resourceFocusName",
                "Set the FOCUS ResourceType this config applies to, e.g. \"Virtual machine\".")
        }
        let keys = (metricsRef ?? []).enumerated().compactMap { index, ref in
            SpecRules.reference(
                ref, field: "spec.metricsRef[\(index)]", defaultNamespace: defaultNamespace, what: "MetricConfig",
                errors: &errors)
        }
        try errors.throwIfAny()
        return keys
    }
}
