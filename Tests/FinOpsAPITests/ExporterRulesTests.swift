import FinOpsAPI
import KubeCore
import Testing

/// One test per rule of the exporter part (source, metric type, polling), each checking that the error names the
/// field to fix.
@Suite struct ExporterRulesTests {
    // MARK: - Exporter

    @Test func missingExporterConfigIsRequired() throws {
        #expect(normalizationError(try escSpec("scraperConfig: {tableName: t}"))?.fields == ["spec.exporterConfig"])
    }

    @Test(arguments: zip(["cost", "COST", "Resource", "generic"], [MetricType.cost, .cost, .resource, .generic]))
    func metricTypeIsParsedInAnyCase(_ text: String, _ expected: MetricType) throws {
        let extra =
            "metricType: \(text)\nadditionalVariables: {ResourceId: /r}\ngeneric: {metricName: m, valueColumnIndex: 0}"
        #expect(try rulesSpec(exporter: extra).normalized(defaultNamespace: "ns").metricType == expected)
    }

    @Test func absentOrEmptyMetricTypeMeansCost() throws {
        #expect(try rulesSpec().normalized(defaultNamespace: "ns").metricType == .cost)
        #expect(try rulesSpec(exporter: "metricType: \"\"").normalized(defaultNamespace: "ns").metricType == .cost)
    }

    @Test func unknownMetricTypeIsNotSupported() throws {
        let error = normalizationError(try rulesSpec(exporter: "metricType: costs"))
        #expect(error?.fields == ["spec.exporterConfig.metricType"])
        #expect(error?.fieldErrors.first?.kind == .notSupported)
        #expect(error?.code == .invalidSpec)
    }

    @Test func genericMetricTypeNeedsGenericSettings() throws {
        #expect(
            normalizationError(try rulesSpec(exporter: "metricType: generic"))?.fields == [
                "spec.exporterConfig.generic"
            ])
        let bad = normalizationError(
            try rulesSpec(exporter: "metricType: generic\ngeneric: {metricName: \"\", valueColumnIndex: -1}"))
        #expect(
            bad?.fields == ["spec.exporterConfig.generic.metricName", "spec.exporterConfig.generic.valueColumnIndex"])
        let good = try rulesSpec(exporter: "metricType: generic\ngeneric: {metricName: cpu, valueColumnIndex: 14}")
        #expect(
            try good.normalized(defaultNamespace: "ns").generic
                == GenericMetric(metricName: "cpu", valueColumnIndex: 14))
    }

    @Test func genericSettingsAreIgnoredForOtherMetricTypes() throws {
        let model = try rulesSpec(exporter: "generic: {metricName: cpu, valueColumnIndex: 1}").normalized(
            defaultNamespace: "ns")
        #expect(model.generic == nil)
    }

    @Test func resourceMetricTypeNeedsResourceId() throws {
        let error = normalizationError(try rulesSpec(exporter: "metricType: resource"))
        #expect(error?.fields == ["spec.exporterConfig.additionalVariables.ResourceId"])
    }

    @Test func urlAndApiTogetherConflict() throws {
        let error = normalizationError(try rulesSpec(exporter: "url: http://example.com"))
        #expect(error?.fields == ["spec.exporterConfig.url"])
        #expect(error?.fieldErrors.first?.kind == .conflict)
    }

    @Test func noSourceIsRequired() throws {
        let error = normalizationError(try escSpec("exporterConfig: {pollingInterval: 1h}"))
        #expect(error?.fields == ["spec.exporterConfig.api"])
    }

    @Test func urlMustBeHTTP() throws {
        #expect(
            normalizationError(try escSpec("exporterConfig: {url: ftp://x}"))?.fields == ["spec.exporterConfig.url"])
        #expect(
            normalizationError(try escSpec("exporterConfig: {url: \"<base>/x\", additionalVariables: {base: B}}"))
                == nil)
    }

    @Test func placeholdersNeedAdditionalVariables() throws {
        let url = normalizationError(
            try escSpec("exporterConfig: {url: \"http://<host>:<port>/x\", additionalVariables: {host: h}}"))
        #expect(url?.fields == ["spec.exporterConfig.url"])
        #expect(url?.message.contains("<port>") == true)
        let path = normalizationError(try escSpec("exporterConfig: {api: {path: \"/subscriptions/<id>\"}}"))
        #expect(path?.fields == ["spec.exporterConfig.api.path"])
    }

    @Test func apiDefaultsToGetAndUpperCasesTheVerb() throws {
        let plain = try escSpec("exporterConfig: {api: {path: /x}}").normalized(defaultNamespace: "ns")
        #expect(plain.source == .api(HTTPRequestTemplate(path: "/x", method: "GET", endpoint: nil)))
        let post = try escSpec("exporterConfig: {api: {path: /x, verb: post}}").normalized(defaultNamespace: "ns")
        guard case .api(let request) = post.source else {
            Issue.record("expected api")
            return
        }
        #expect(request.method == "POST")
    }

    @Test func unsupportedVerbIsReported() throws {
        let error = normalizationError(try escSpec("exporterConfig: {api: {path: /x, verb: FETCH}}"))
        #expect(error?.fields == ["spec.exporterConfig.api.verb"])
    }

    @Test func headersAreSplitAndMalformedOnesNamed() throws {
        let good = try escSpec("exporterConfig: {api: {path: /x, headers: [\"Accept: text/csv\", \"X-A:b:c\"]}}")
        guard case .api(let request) = try good.normalized(defaultNamespace: "ns").source else { return }
        #expect(
            request.headers == [
                HTTPHeaderField(name: "Accept", value: "text/csv"), HTTPHeaderField(name: "X-A", value: "b:c"),
            ])
        let bad = normalizationError(
            try escSpec("exporterConfig: {api: {path: /x, headers: [\"Accept: a\", \"no colon\"]}}"))
        #expect(bad?.fields == ["spec.exporterConfig.api.headers[1]"])
    }

    @Test func payloadIsSentAsTextOrJSON() throws {
        let text = try escSpec("exporterConfig: {api: {path: /x, payload: \"{\\\"a\\\": 1}\"}}")
        let json = try escSpec("exporterConfig: {api: {path: /x, payload: {b: [1, true], a: x}}}")
        guard case .api(let t) = try text.normalized(defaultNamespace: "ns").source,
            case .api(let j) = try json.normalized(defaultNamespace: "ns").source
        else {
            Issue.record("expected api sources")
            return
        }
        #expect(t.body == "{\"a\": 1}")
        #expect(j.body == "{\"a\":\"x\",\"b\":[1,true]}")
    }

    @Test func endpointRefNeedsAName() throws {
        let error = normalizationError(try escSpec("exporterConfig: {api: {path: /x, endpointRef: {name: \"\"}}}"))
        #expect(error?.fields == ["spec.exporterConfig.api.endpointRef.name"])
    }

    @Test func providerNeedsAName() throws {
        #expect(
            normalizationError(try rulesSpec(exporter: "provider: {name: \"\"}"))?.fields == [
                "spec.exporterConfig.provider.name"
            ])
    }

    // MARK: - Exposition

    @Test func expositionSettingsAreCarriedIntoTheModel() throws {
        let model = try rulesSpec(
            exporter: "exposition: {labelMode: focus, labels: [ServiceName, RegionId], maxSeries: 5000}"
        ).normalized(defaultNamespace: "ns")
        #expect(
            model.exposition
                == ExporterConfigFile.Exposition(
                    labelMode: "focus", labels: ["ServiceName", "RegionId"], maxSeries: 5000))
        #expect(try rulesSpec().normalized(defaultNamespace: "ns").exposition == nil)
        // Every field unset is the same as no block: the exporter's file (and the pod's config hash) stays as it was.
        #expect(try rulesSpec(exporter: "exposition: {}").normalized(defaultNamespace: "ns").exposition == nil)
    }

    @Test(arguments: [
        (
            "exposition: {labelMode: Prometheus}", "spec.exporterConfig.exposition.labelMode",
            FieldError.Kind.notSupported
        ),
        ("exposition: {labelMode: krateo, labels: [ServiceName]}", "spec.exporterConfig.exposition.labels", .conflict),
        ("exposition: {labels: []}", "spec.exporterConfig.exposition.labels", .invalid),
        ("exposition: {labels: [ServiceName, \"\"]}", "spec.exporterConfig.exposition.labels[1]", .invalid),
        (
            "exposition: {labels: [RegionId, ServiceName, RegionId]}", "spec.exporterConfig.exposition.labels[2]",
            .invalid
        ),
        ("exposition: {maxSeries: 0}", "spec.exporterConfig.exposition.maxSeries", .invalid),
    ])
    func badExpositionSettingsNameTheirField(_ exporter: String, _ field: String, _ kind: FieldError.Kind) throws {
        let error = normalizationError(try rulesSpec(exporter: exporter))
        #expect(error?.fields == [field])
        #expect(error?.fieldErrors.first?.kind == kind)
    }

    // MARK: - Polling interval

    @Test(arguments: ["0s", "-1h", "1d", "soon", "1h-5m"])
    func badPollingIntervalIsNamed(_ text: String) throws {
        let error = normalizationError(try rulesSpec(exporter: "pollingInterval: \"\(text)\""))
        #expect(error?.fields == ["spec.exporterConfig.pollingInterval"])
        #expect(error?.fieldErrors.first?.kind == .invalid)
    }

    @Test(arguments: [0, -3])
    func nonPositivePollingIntervalHoursIsNamed(_ hours: Int) throws {
        let error = normalizationError(try escSpec("exporterConfig: {url: http://x, pollingIntervalHours: \(hours)}"))
        #expect(error?.fields == ["spec.exporterConfig.pollingIntervalHours"])
    }

    @Test func goDurationPollingIntervalIsUsed() throws {
        #expect(
            try rulesSpec(exporter: "pollingInterval: 1.5h").normalized(defaultNamespace: "ns").pollingInterval
                == .seconds(5400))
    }
}
