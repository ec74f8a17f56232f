import KubeCore

/// How far back one usage-metric request reaches, ending now.
public enum MetricTimespan: String, Sendable, Hashable, CaseIterable {
    /// The last day.
    case day
    /// The last month (Krateo's fallback for any other word).
    case month
    /// The last year.
    case year
}

/// A ``MetricConfig`` with its rules checked and its values parsed.
public struct NormalizedMetric: Sendable, Hashable {
    /// The provider's name of the metric, e.g. `Percentage CPU`.
    public var metricName: String
    /// The request to use instead of the ESC's own `api`, if the MetricConfig gives one; its path is replaced by
    /// the resource path.
    public var request: HTTPRequestTemplate?
    /// Format appended to the resource id, with up to three `%s` (metric name, timespan, interval).
    public var resourceSuffix: String
    /// How far back each request reaches.
    public var timespan: MetricTimespan
    /// Granularity of the data points, passed to the provider verbatim.
    public var interval: ISO8601Duration

    /// Creates a normalized metric.
    public init(
        metricName: String, request: HTTPRequestTemplate? = nil, resourceSuffix: String, timespan: MetricTimespan,
        interval: ISO8601Duration
    ) {
        self.metricName = metricName
        self.request = request
        self.resourceSuffix = resourceSuffix
        self.timespan = timespan
        self.interval = interval
    }
}

extension MetricConfigSpec {
    /// The metric with its rules checked: `metricName` set, `timespan` one of `day`, `month`, `year` (any case),
    /// `interval` a non-zero ISO-8601 duration, and `endpoint.resourcePrefixAPI` (if any) a valid request.
    ///
    /// Krateo silently used a month for an unknown timespan; here it is an error, so that a typo such as `hour`
    /// shows up on the object instead of in the data.
    public func normalized(defaultNamespace: String) throws(SpecError) -> NormalizedMetric {
        var errors = FieldErrors()
        if metricName.nonEmpty == nil {
            errors.required("spec.metricName", "Set the provider's name of the metric, e.g. \"Percentage CPU\".")
        }
        let timespan = MetricTimespan(rawValue: self.timespan.lowercased())
        if timespan == nil {
            errors.notSupported("spec.timespan", "\"\(self.timespan)\" is not a timespan; use day, month or year.")
        }
        let interval = ISO8601Duration(self.interval)
        if interval == nil {
            errors.invalid(
                "spec.interval",
                "\"\(self.interval)\" is not an ISO-8601 duration; write it like PT15M, PT1H or P1D.")
        } else if interval?.isZero == true {
            errors.invalid("spec.interval", "The interval must be longer than zero, e.g. PT15M.")
        }
        // The path is replaced by the resource path, so placeholders in it are never filled: check the rest only.
        var prefixAPI = endpoint.resourcePrefixAPI
        prefixAPI?.path = nil
        let request = prefixAPI?.normalized(
            field: "spec.endpoint.resourcePrefixAPI", defaultNamespace: defaultNamespace, variables: [:],
            variablesField: "the ExporterScraperConfig's additionalVariables", errors: &errors)
        try errors.throwIfAny()
        guard let metricName, let timespan, let interval else { throw SpecError(fieldErrors: errors.all) }
        return NormalizedMetric(
            metricName: metricName, request: request, resourceSuffix: endpoint.resourceSuffix ?? "",
            timespan: timespan, interval: interval)
    }
}
