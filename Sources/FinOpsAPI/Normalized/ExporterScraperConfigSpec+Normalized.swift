import KubeCore

extension ExporterScraperConfigSpec {
    /// The one internal model of this spec, whichever of Krateo's shapes it is written in.
    ///
    /// Rules, each reported with the field it concerns:
    /// - `exporterConfig` is required, with exactly one source: `api` (current shape) or `url` (older shape).
    ///   `<name>` placeholders in `url` and `api.path` must be defined in `additionalVariables`.
    /// - `metricType` is `cost`, `resource` or `generic` in any case; absent means `cost` (Krateo's default).
    ///   `resource` needs `additionalVariables.ResourceId`; `generic` needs `generic.metricName` and a
    ///   non-negative `generic.valueColumnIndex`.
    /// - Polling: `pollingInterval` (Go duration) wins over `pollingIntervalHours`; neither means one hour; zero,
    ///   negative or unparseable values are errors.
    /// - `requireAuthentication: true` needs `authenticationMethod`: `bearer-token` (with `bearerToken`) or
    ///   `cert-file` (with `additionalVariables.certFilePath`).
    /// - `scraperConfig` absent, or with every field empty, means no scraping; otherwise `tableName` (a SQL
    ///   identifier) and `scraperDatabaseConfigRef` are required, and its source is `api`, `url` or the exporter.
    /// - `exposition` (optional): `labelMode` is `focus` or `krateo`; `labels` (focus mode only) are distinct,
    ///   non-empty column names; `maxSeries` is at least 1.
    /// - `focusExport` (optional): see ``FocusExportSpec/normalized(defaultNamespace:defaultInterval:errors:)``.
    /// - `kubecost` or `opencost` (optional, not both): metricType `cost`, the current shape with
    ///   `api.endpointRef` and an empty `api.path` (the block builds the request); see
    ///   ``CostModelSourceSpec/normalized(product:field:errors:)``.
    /// - `castai` (optional, not with `kubecost`, `opencost` or `cluster`): the same shape; see
    ///   ``CastAISourceSpec/normalized(field:errors:)``.
    /// - A reference without a namespace points into `defaultNamespace` (the ESC's own).
    public func normalized(defaultNamespace: String) throws(SpecError) -> NormalizedExporterScraper {
        let parent = "spec.exporterConfig"
        guard let exporter = exporterConfig else {
            throw SpecError(fieldErrors: [
                FieldError(
                    field: parent, kind: .required,
                    message: "Set spec.exporterConfig with the source to export: api (path and endpointRef) or url.")
            ])
        }
        var errors = FieldErrors()
        let variables = exporter.additionalVariables ?? [:]
        let variablesField = "\(parent).additionalVariables"

        let metricType = exporter.parsedMetricType(errors: &errors)
        var source = exporter.source(defaultNamespace: defaultNamespace, errors: &errors)
        let costModel = exporter.costModel(metricType: metricType, source: &source, errors: &errors)
        let castAI = exporter.castAI(metricType: metricType, source: &source, errors: &errors)
        let authentication = exporter.authentication(defaultNamespace: defaultNamespace, errors: &errors)
        let pollingInterval = SpecRules.pollingInterval(
            text: exporter.pollingInterval, hours: exporter.pollingIntervalHours, parent: parent, errors: &errors)

        if metricType == .resource, variables["ResourceId"].nonEmpty == nil {
            errors.required(
                "\(variablesField).ResourceId",
                "Usage metrics (metricType resource) need additionalVariables.ResourceId, the FOCUS ResourceId of the "
                    + "resource they describe.")
        }

        var provider: ObjectKey?
        if let ref = exporter.provider {
            provider = SpecRules.reference(
                ref, field: "\(parent).provider", defaultNamespace: defaultNamespace, what: "ProviderConfig",
                errors: &errors)
        }

        var generic: GenericMetric?
        if metricType == .generic {
            generic = exporter.genericMetric(errors: &errors)
        }

        let exposition = exporter.exposition.flatMap { $0.validated(field: "\(parent).exposition", errors: &errors) }

        var scraper: NormalizedScraper?
        if let scraperConfig, !scraperConfig.isEffectivelyEmpty {
            scraper = scraperConfig.normalized(
                defaultNamespace: defaultNamespace, variables: variables, variablesField: variablesField,
                errors: &errors)
        }

        var export: NormalizedFocusExport?
        if let focusExport {
            export = focusExport.normalized(
                defaultNamespace: defaultNamespace, defaultInterval: scraper?.pollingInterval ?? pollingInterval,
                errors: &errors)
        }

        try errors.throwIfAny()
        guard let source else {
            // `source` is nil only when an error was recorded above.
            throw SpecError(fieldErrors: [FieldError(field: parent, kind: .required, message: "Set a source.")])
        }
        return NormalizedExporterScraper(
            metricType: metricType ?? .cost, source: source, authentication: authentication,
            pollingInterval: pollingInterval, additionalVariables: variables, provider: provider, generic: generic,
            exposition: exposition, scraper: scraper, focusExport: export, costModel: costModel,
            castAI: castAI)
    }
}

extension ExporterConfigSpec {
    fileprivate static let field = "spec.exporterConfig"

    /// `metricType` parsed in any case; `cost` when absent or empty, `nil` (with an error) when unknown.
    fileprivate func parsedMetricType(errors: inout FieldErrors) -> MetricType? {
        guard let text = metricType.nonEmpty else { return .cost }
        guard let type = MetricType(parsing: text) else {
            errors.notSupported(
                "\(Self.field).metricType", "\"\(text)\" is not a metric type; use cost, resource or generic.")
            return nil
        }
        return type
    }

    /// The `kubecost` or `opencost` block's mapping settings, with its request path written into `source`.
    fileprivate func costModel(metricType: MetricType?, source: inout ExporterSource?, errors: inout FieldErrors)
        -> ExporterConfigFile.CostModel?
    {
        let blocks = [("kubecost", kubecost), ("opencost", opencost)].compactMap { name, block in
            block.map { (name, $0) }
        }
        guard let (product, block) = blocks.first else { return nil }
        let field = "\(Self.field).\(product)"
        if blocks.count > 1 {
            errors.conflict("\(Self.field).opencost", "Set kubecost or opencost, not both.")
        }
        if let metricType, metricType != .cost {
            errors.invalid(
                "\(Self.field).metricType", "\(product) gives cost rows: leave metricType out or set it to cost.")
        }
        let (path, model) = block.normalized(product: product, field: field, errors: &errors)
        Self.useEndpoint(
            of: &source, path: path, product: product, example: "http://\(product):9090", errors: &errors)
        return model
    }

    /// The `castai` block's settings; its requests are built by the source, so the path stays empty.
    fileprivate func castAI(metricType: MetricType?, source: inout ExporterSource?, errors: inout FieldErrors)
        -> ExporterConfigFile.CastAI?
    {
        guard let castai else { return nil }
        for (name, other) in [("kubecost", kubecost), ("opencost", opencost)] where other != nil {
            errors.conflict("\(Self.field).castai", "Set castai or \(name), not both.")
            return nil
        }
        if let metricType, metricType != .cost {
            errors.invalid(
                "\(Self.field).metricType", "castai gives cost rows: leave metricType out or set it to cost.")
        }
        Self.useEndpoint(of: &source, path: "", product: "castai", example: "https://api.cast.ai", errors: &errors)
        return castai.normalized(field: "\(Self.field).castai", errors: &errors)
    }

    /// A product block's rules for the source: the current shape with `api.endpointRef` and an empty `api.path`,
    /// into which `path` (the product's request) is written.
    fileprivate static func useEndpoint(
        of source: inout ExporterSource?, path: String, product: String, example: String, errors: inout FieldErrors
    ) {
        switch source {
        case .api(var request)?:
            if !request.path.isEmpty {
                errors.conflict("\(field).api.path", "Leave api.path empty: the \(product) block builds the request.")
            }
            if request.endpoint == nil {
                errors.required(
                    "\(field).api.endpointRef",
                    "Name the Secret whose server-url is \(product)'s base URL (e.g. \(example)).")
            }
            request.path = path
            source = .api(request)
        case .cluster?:
            errors.conflict("\(field).cluster", "Set \(product) or cluster, not both.")
        case .url?:
            errors.invalid(
                "\(field).url", "\(product) needs the current shape: api.endpointRef with the base URL in server-url.")
        case nil:
            break
        }
    }

    /// The source from `api`, `url` or `cluster`, exactly one of which must be set.
    fileprivate func source(defaultNamespace: String, errors: inout FieldErrors) -> ExporterSource? {
        let variables = additionalVariables ?? [:]
        let variablesField = "\(Self.field).additionalVariables"
        if let cluster {
            if api != nil || url.nonEmpty != nil {
                errors.conflict(
                    "\(Self.field).cluster", "The cluster source reads Nodes and Pods itself: leave api and url unset.")
            }
            if let type = metricType.nonEmpty, MetricType(parsing: type) != .cost {
                errors.invalid("\(Self.field).metricType", "The cluster source gives cost rows: leave metricType out.")
            }
            return cluster.normalized(
                field: "\(Self.field).cluster", defaultNamespace: defaultNamespace, errors: &errors
            ).map { .cluster($0) }
        }
        switch (api, url.nonEmpty) {
        case (_?, _?):
            errors.conflict(
                "\(Self.field).url", "Set either api (the current shape) or url (the older shape), not both.")
            return nil
        case (let api?, nil):
            return .api(
                api.normalized(
                    field: "\(Self.field).api", defaultNamespace: defaultNamespace, variables: variables,
                    variablesField: variablesField, errors: &errors))
        case (nil, let url?):
            SpecRules.checkURL(url, field: "\(Self.field).url", errors: &errors)
            SpecRules.checkPlaceholders(
                in: url, field: "\(Self.field).url", variables: variables, variablesField: variablesField,
                errors: &errors)
            return .url(url)
        case (nil, nil):
            errors.required(
                "\(Self.field).api",
                "Say where the data comes from: set api (path and endpointRef, the current shape) or url (the older "
                    + "shape).")
            return nil
        }
    }

    /// The older shape's credentials; `.none` unless `requireAuthentication` is true.
    fileprivate func authentication(defaultNamespace: String, errors: inout FieldErrors) -> SourceAuthentication {
        guard requireAuthentication == true else { return .none }
        switch authenticationMethod.nonEmpty {
        case nil:
            errors.required(
                "\(Self.field).authenticationMethod",
                "requireAuthentication is true: set authenticationMethod to bearer-token or cert-file, or set "
                    + "requireAuthentication to false.")
        case "bearer-token":
            guard let bearerToken, !bearerToken.name.isEmpty, !bearerToken.key.isEmpty else {
                errors.required(
                    "\(Self.field).bearerToken",
                    "authenticationMethod bearer-token needs bearerToken with the name and key of the Secret that "
                        + "holds the token.")
                return .none
            }
            return .bearerToken(bearerToken.resolved(defaultNamespace: defaultNamespace))
        case "cert-file":
            guard let path = additionalVariables?["certFilePath"].nonEmpty else {
                errors.required(
                    "\(Self.field).additionalVariables.certFilePath",
                    "authenticationMethod cert-file needs additionalVariables.certFilePath, the path inside the "
                        + "exporter pod of the file holding the token.")
                return .none
            }
            return .certFile(path: path)
        case let other?:
            errors.notSupported(
                "\(Self.field).authenticationMethod",
                "\"\(other)\" is not an authentication method; use bearer-token or cert-file.")
        }
        return .none
    }

    /// The generic settings, which metric type `generic` requires.
    fileprivate func genericMetric(errors: inout FieldErrors) -> GenericMetric? {
        guard let generic else {
            errors.required(
                "\(Self.field).generic",
                "metricType generic needs generic.metricName and generic.valueColumnIndex (the zero-based index of "
                    + "the value column).")
            return nil
        }
        var valid = true
        if generic.metricName.isEmpty {
            errors.required("\(Self.field).generic.metricName", "Set the name of the metric to export.")
            valid = false
        }
        if generic.valueColumnIndex < 0 {
            errors.invalid(
                "\(Self.field).generic.valueColumnIndex",
                "valueColumnIndex is a zero-based column index and cannot be negative.")
            valid = false
        }
        return valid ? GenericMetric(metricName: generic.metricName, valueColumnIndex: generic.valueColumnIndex) : nil
    }
}

extension ExpositionSpec {
    /// The settings as the exporter's configuration file carries them; `nil` when every field is unset, so that a
    /// spec without them keeps the file (and the pod's config hash) it had before the field existed.
    fileprivate func validated(field: String, errors: inout FieldErrors) -> ExporterConfigFile.Exposition? {
        var mode = labelMode.nonEmpty
        if let text = mode, !["focus", "krateo"].contains(text) {
            errors.notSupported(
                "\(field).labelMode", "\"\(text)\" is not a label mode; use focus (the default) or krateo.")
            mode = nil
        }
        if let labels {
            if mode == "krateo" {
                errors.conflict(
                    "\(field).labels",
                    "labels choose the label columns of focus mode; krateo mode uses every column. Remove one of them.")
            } else if labels.isEmpty {
                errors.invalid("\(field).labels", "List at least one column, or remove labels to use the defaults.")
            } else if let empty = labels.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                errors.invalid("\(field).labels[\(empty)]", "A label column name cannot be empty.")
            } else if let repeated = labels.enumerated().first(where: { labels[..<$0.offset].contains($0.element) }) {
                errors.invalid("\(field).labels[\(repeated.offset)]", "\(repeated.element) is listed twice.")
            }
        }
        if let maxSeries, maxSeries < 1 {
            errors.invalid("\(field).maxSeries", "maxSeries must be at least 1.")
        }
        guard mode != nil || labels != nil || maxSeries != nil else { return nil }
        return ExporterConfigFile.Exposition(labelMode: mode, labels: labels, maxSeries: maxSeries)
    }
}
