import KubeCore

extension DatabaseConfigSpec {
    /// The database this spec points at, with defaults applied and Secret references given their namespace
    /// (`defaultNamespace` when a reference has none).
    ///
    /// Rules, each reported with its field: `driver` is `postgresql` or `sqlite`; `dsnSecretRef` excludes `host`,
    /// `port`, `database`, `username` and `passwordSecretRef`; PostgreSQL needs `username` and `passwordSecretRef`
    /// (and `host`, unless the DSN gives it); `port` is 1–65535; `sslMode` is one of libpq's `disable`, `require`,
    /// `verify-ca`, `verify-full` (none: `verify-full`, or `disable` for a loopback host), and the verifying ones
    /// need a CA (`caSecretRef`) only if the server's certificate is not signed by a public CA (so they do not
    /// require it). Krateo's shape (`username` +
    /// `passwordSecretRef`, no `host`, `dsnSecretRef` or `driver`) means the operator's default database.
    public func validated(defaultNamespace: String) throws(SpecError) -> DatabaseTarget {
        var errors = FieldErrors()
        func secretKey(_ ref: SecretKeyRef?, field: String, what: String) -> ResolvedSecretKey? {
            guard let ref else { return nil }
            if ref.name.isEmpty { errors.required("\(field).name", "Set the name of the Secret that holds \(what).") }
            if ref.key.isEmpty { errors.required("\(field).key", "Set the key of the Secret that holds \(what).") }
            return ref.resolved(defaultNamespace: defaultNamespace)
        }
        let ca = secretKey(caSecretRef, field: "spec.caSecretRef", what: "the CA certificate")
        // No sslMode: the sink's default for the host (verify-full unless loopback), also with a CA.
        var tls: PostgreSQLTarget.SSLMode?
        if let text = sslMode.nonEmpty {
            if let mode = PostgreSQLTarget.SSLMode(rawValue: text) {
                tls = mode
            } else {
                errors.notSupported(
                    "spec.sslMode", "\"\(text)\" is not an sslMode; use disable, require, verify-ca or verify-full.")
            }
        }
        if let port, !(1...65535).contains(port) {
            errors.invalid("spec.port", "\(port) is not a TCP port (1–65535).")
        }

        let driverText = driver.nonEmpty?.lowercased()
        if let driverText, !["postgresql", "postgres", "sqlite"].contains(driverText) {
            errors.notSupported("spec.driver", "\"\(driver ?? "")\" is not a driver; use postgresql or sqlite.")
        }
        if driverText == "sqlite" {
            for (field, isSet) in [
                ("spec.host", host.nonEmpty != nil), ("spec.dsnSecretRef", dsnSecretRef != nil),
                ("spec.sslMode", sslMode.nonEmpty != nil), ("spec.caSecretRef", caSecretRef != nil),
            ] where isSet {
                errors.conflict(field, "driver sqlite uses a file: remove \(field.dropFirst(5)) or use postgresql.")
            }
            try errors.throwIfAny()
            return .sqlite(path: path.nonEmpty)
        }
        if path.nonEmpty != nil {
            errors.conflict("spec.path", "path is the file of driver sqlite; set driver: sqlite or remove path.")
        }

        if let dsnRef = dsnSecretRef {
            for (field, isSet) in [
                ("spec.host", host.nonEmpty != nil), ("spec.port", port != nil),
                ("spec.database", database.nonEmpty != nil), ("spec.username", username.nonEmpty != nil),
                ("spec.passwordSecretRef", passwordSecretRef != nil),
            ] where isSet {
                errors.conflict(
                    field, "dsnSecretRef holds the whole connection URL: remove \(field.dropFirst(5)) or dsnSecretRef.")
            }
            let dsn = secretKey(dsnRef, field: "spec.dsnSecretRef", what: "the connection URL")
            try errors.throwIfAny()
            guard let dsn else { throw SpecError(fieldErrors: errors.all) }
            return .dsn(dsn, certificateAuthority: ca)
        }

        if username.nonEmpty == nil {
            errors.required("spec.username", "Set the database user name.")
        }
        let password = secretKey(passwordSecretRef, field: "spec.passwordSecretRef", what: "the password")
        if passwordSecretRef == nil {
            errors.required(
                "spec.passwordSecretRef",
                "Set passwordSecretRef to the name and key of the Secret holding the password.")
        }
        if driverText != nil, host.nonEmpty == nil {
            errors.required("spec.host", "driver postgresql needs the server's host (or a dsnSecretRef).")
        }
        try errors.throwIfAny()
        guard let username, let password else { throw SpecError(fieldErrors: errors.all) }
        guard let host = host.nonEmpty else { return .operatorDefault(username: username, password: password) }
        return .postgresql(
            PostgreSQLTarget(
                host: host, port: port ?? PostgreSQLTarget.defaultPort, database: database.nonEmpty ?? username,
                username: username, password: password, sslMode: tls, certificateAuthority: ca))
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
