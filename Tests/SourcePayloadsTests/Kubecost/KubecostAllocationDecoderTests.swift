import Focus
import Testing

@testable import SourcePayloads

@Suite struct KubecostAllocationDecoderTests {
    let kubecost = KubecostAllocationDecoder(options: KubecostMappingOptions(flavor: .kubecost))

    @Test func rowsOfEachAllocationAndStepSumToItsTotalCost() throws {
        let bytes = try Fixtures.bytes("kubecost-allocation-namespace.json")
        let decoded = try kubecost.decode(bytes)
        #expect(decoded.problems.isEmpty)
        let rows = decoded.rows
        let expected = try KubecostChecks.payloadTotals(bytes)

        // Per item: the rows of one allocation (AllocatedResourceId) in one step (ChargePeriodStart).
        let steps = ["2024-03-10T00:00:00Z": 0, "2024-03-11T00:00:00Z": 1]
        let groups = KubecostChecks.groups(rows, by: ["AllocatedResourceId", "ChargePeriodStart"])
        #expect(groups.count == expected.perItem.count, "every allocation of every step has rows")
        for (key, members) in groups {
            let step = try #require(key[1].flatMap { steps[$0] })
            let itemTotal = try #require(expected.perItem["\(step)/\(key[0] ?? "")"])
            let sum = try KubecostChecks.sum(rows, "BilledCost", rows: members)
            #expect(abs((try #require(sum.adding(-itemTotal))).doubleValue) < 1e-9, "\(key)")
            #expect(sum == itemTotal, "exact, not only within 1e-9: \(key)")
        }
        let total = try KubecostChecks.sum(rows, "BilledCost", rows: 0..<rows.rowCount)
        #expect(total == expected.total)
        #expect(try KubecostChecks.sum(rows, "EffectiveCost", rows: 0..<rows.rowCount) == expected.total)
    }

    @Test func componentsAndAdjustmentsAreRowsOfTheirOwn() throws {
        let rows = try kubecost.decode(Fixtures.bytes("kubecost-allocation-namespace.json")).rows
        let kubeSystem = (0..<rows.rowCount).map { rows.fields($0) }
            .filter { $0["AllocatedResourceId"] == "kube-system" && $0["ChargePeriodStart"] == "2024-03-10T00:00:00Z" }
        let components = kubeSystem.map { "\($0["x_CostComponent"]!)/\($0["ChargeCategory"]!)" }
        #expect(
            components == [
                "cpu/Usage", "cpu/Adjustment", "ram/Usage", "pv/Usage", "pv/Adjustment", "network/Usage",
                "loadBalancer/Usage", "shared/Usage", "external/Usage",
            ])
        let cpu = kubeSystem[0]
        #expect(cpu["BilledCost"] == "0.608332")
        #expect(cpu["ConsumedQuantity"] == "26.88")
        #expect(cpu["ConsumedUnit"] == "vCPU-Hours")
        #expect(cpu["PricingUnit"] == "vCPU-Hours")
        #expect(cpu["ServiceCategory"] == "Compute")
        #expect(cpu["ServiceSubcategory"] == "Containers")
        #expect(cpu["ChargeDescription"] == "CPU cost of kube-system")
        #expect(cpu["SubAccountId"] == "kube-system")
        #expect(cpu["BillingAccountId"] == "cluster-one")
        #expect(cpu["ResourceId"] == "cluster-one", "no node: the cluster's cost is split")
        #expect(cpu["ResourceType"] == "Cluster")
        #expect(cpu["BillingPeriodStart"] == "2024-03-01T00:00:00Z")
        #expect(cpu["BillingPeriodEnd"] == "2024-04-01T00:00:00Z")
        #expect(cpu["AllocatedMethodId"] == "kubecost-allocation")
        #expect(cpu["ServiceProviderName"] == "Kubecost")
        #expect(cpu["BillingCurrency"] == "USD")

        let adjustment = kubeSystem[1]
        #expect(adjustment["BilledCost"] == "-0.012004")
        #expect(adjustment["ChargeDescription"] == "CPU cost adjustment of kube-system")
        #expect(adjustment["ConsumedQuantity"] == nil && adjustment["PricingQuantity"] == nil)
        #expect(kubeSystem[2]["ConsumedQuantity"] == "35.625", "38252052480 byte-hours are 35.625 GiB-hours")
        #expect(kubeSystem[3]["ConsumedQuantity"] == "240", "pv GiB-hours")
        #expect(kubeSystem[3]["ServiceCategory"] == "Storage")
        #expect(kubeSystem[5]["ConsumedUnit"] == "GB")
        #expect(kubeSystem[6]["ServiceSubcategory"] == "Application Networking")
        #expect(kubeSystem[6]["ConsumedQuantity"] == nil, "load balancers carry no usage")
        #expect(kubeSystem[8]["ServiceCategory"] == "Other")
    }

    @Test func idleUnallocatedAndUnmountedAreKeptAndMarked() throws {
        let rows = try kubecost.decode(Fixtures.bytes("kubecost-allocation-namespace.json")).rows
        let kinds = Dictionary(
            (0..<rows.rowCount).map { (rows.fields($0)["AllocatedResourceId"]!, rows.fields($0)["x_AllocationKind"]!) },
            uniquingKeysWith: { first, _ in first })
        #expect(kinds["__idle__"] == "idle")
        #expect(kinds["__unallocated__"] == "unallocated")
        #expect(kinds["kube-system"] == "workload")
        let unallocated = (0..<rows.rowCount).map { rows.fields($0) }.filter {
            $0["AllocatedResourceId"] == "__unallocated__"
        }
        #expect(unallocated.count == 1, "an allocation without cost still has a (zero) row")
        #expect(unallocated.first?["BilledCost"] == "0")

        let pods = try KubecostAllocationDecoder(options: KubecostMappingOptions(flavor: .opencost))
            .decode(Fixtures.bytes("opencost-allocation-pod.json")).rows
        let podKinds = Set((0..<pods.rowCount).map { pods.fields($0)["x_AllocationKind"]! })
        #expect(podKinds == ["idle", "workload", "unmounted"])
    }

    @Test func podAllocationsSplitTheirNodeWithRatiosThatSumToOne() throws {
        let decoder = KubecostAllocationDecoder(options: KubecostMappingOptions(flavor: .opencost))
        let bytes = try Fixtures.bytes("opencost-allocation-pod.json")
        let rows = try decoder.decode(bytes).rows
        let checkout = (0..<rows.rowCount).map { rows.fields($0) }.filter { $0["x_Pod"] == "checkout-7d9f8" }
        let cpu = try #require(checkout.first)
        #expect(cpu["ResourceId"] == "aws:///eu-west-1a/i-0a1b2c3d4e", "the node's providerID")
        #expect(cpu["ResourceName"] == "node-a")
        #expect(cpu["ResourceType"] == "Node")
        #expect(cpu["AllocatedResourceId"] == "cluster-one/node-a/shop/checkout-7d9f8/server")
        #expect(cpu["AllocatedMethodId"] == "opencost-allocation")
        #expect(cpu["x_Namespace"] == "shop")
        #expect(cpu["x_Controller"] == "checkout")
        #expect(cpu["x_ControllerKind"] == "deployment")
        #expect(cpu["x_Container"] == "server")
        #expect(
            cpu["Tags"] == #"{"app":"checkout","team":"payments","pod-template-hash":"7d9f8","cost-center":"CC-42"}"#)
        #expect(cpu["AllocatedTags"] == #"{"app":"checkout","team":"payments","pod-template-hash":"7d9f8"}"#)
        // Node CPU of the hour: idle 0.0475 + checkout 0.0634 + cart 0.01585.
        let details = try JSONParser.parse(try #require(cpu["AllocatedMethodDetails"]))
        let element = try #require(details["Elements"]?.arrayValue?.first)
        #expect(element["UsageUnit"]?.stringValue == "vCPU-Hours")
        #expect(element["UsageQuantity"]?.numberText == "2")
        let ratio = try #require(element["AllocatedRatio"]?.numberText.flatMap(Double.init))
        #expect(abs(ratio - 0.0634 / (0.0475 + 0.0634 + 0.01585)) < 1e-12)

        // Every origin (resource, component, category, period): ratios sum to 1.
        let groups = KubecostChecks.groups(
            rows, by: ["ResourceId", "x_CostComponent", "ChargeCategory", "ChargePeriodStart"])
        for (key, members) in groups {
            let ratios = try members.map { row -> Double in
                let text = try #require(rows.fields(row)["AllocatedMethodDetails"])
                let node = try JSONParser.parse(text)
                return try #require(
                    node["Elements"]?.arrayValue?.first?["AllocatedRatio"]?.numberText.flatMap(Double.init))
            }
            #expect(abs(ratios.reduce(0, +) - 1) < 1e-12, "\(key)")
        }

        let expected = try KubecostChecks.payloadTotals(bytes)
        #expect(try KubecostChecks.sum(rows, "BilledCost", rows: 0..<rows.rowCount) == expected.total)
    }

    @Test func rowsPassOurFOCUS13Validator() throws {
        for (fixture, flavor) in [
            ("kubecost-allocation-namespace.json", KubecostMappingOptions.Flavor.kubecost),
            ("opencost-allocation-pod.json", .opencost),
        ] {
            let rows = try KubecostAllocationDecoder(options: KubecostMappingOptions(flavor: flavor))
                .decode(Fixtures.bytes(fixture)).rows
            let report = try KubecostChecks.report(rows)
            #expect(report.errorCount == 0, "\(fixture): \(report.rendered())")
        }
    }

    @Test func componentsThatMissTheTotalLeaveTheDifferenceInAnUnattributedRow() throws {
        let payload = #"""
            {"code":200,"data":[{"ns":{"name":"ns","properties":{"cluster":"c","namespace":"ns"},
            "window":{"start":"2024-03-10T00:00:00Z","end":"2024-03-11T00:00:00Z"},
            "cpuCost":1.5,"ramCost":0.25,"gpuCost":null,"newCost":0.125,"totalCost":1.875}}]}
            """#
        let rows = try kubecost.decode(Array(payload.utf8)).rows
        #expect(rows.column("x_CostComponent") == ["cpu", "ram", "unattributed"])
        #expect(rows.column("BilledCost") == ["1.5", "0.25", "0.125"])
        #expect(rows.column("ServiceCategory").last == "Other")
    }

    @Test func badItemsAreReportedAndSkippedTheRestGoesOn() throws {
        let payload = #"""
            {"code":200,"data":[{"broken":[1,2],
            "nowindow":{"name":"nowindow","cpuCost":1},
            "badnumber":{"window":{"start":"2024-03-10T00:00:00Z","end":"2024-03-11T00:00:00Z"},
              "cpuCost":"NaN","ramCost":2,"totalCost":2},
            "ok":{"window":{"start":"2024-03-10T00:00:00Z","end":"2024-03-11T00:00:00Z"},"cpuCost":3,"totalCost":3}}]}
            """#
        let decoded = try kubecost.decode(Array(payload.utf8))
        #expect(
            decoded.problems.map(\.description) == [
                "$.data[0].broken: allocation skipped: expected an object, found array",
                "$.data[0].nowindow: allocation skipped: no window (start before end) to use as its charge period",
                "$.data[0].badnumber.cpuCost: value read as 0: \"NaN\" is not a number",
            ])
        #expect(decoded.rows.column("AllocatedResourceId") == ["badnumber", "ok"])
        #expect(decoded.rows.column("BillingAccountId") == ["kubernetes", "kubernetes"], "no cluster named")
    }

    @Test func anErrorResponseIsTheSourcesReportedError() throws {
        let payload = #"{"code":400,"message":"error parsing window (yesterdayy)"}"#
        #expect {
            try kubecost.decode(Array(payload.utf8))
        } throws: { error in
            guard let error = error as? PayloadError else { return false }
            return error.code == .sourceReportedError && error.sourceErrorType == "400"
                && error.message.contains("error parsing window")
        }
        let empty = try kubecost.decode(Array(#"{"code":200,"data":null}"#.utf8))
        #expect(empty.rows.rowCount == 0 && empty.problems.isEmpty)
    }

    @Test func optionsNameTheAccountCurrencyProvidersAndFilterTags() throws {
        var options = KubecostMappingOptions(flavor: .opencost)
        options.currency = "EUR"
        options.billingAccountId = "prod-eu"
        options.serviceProviderName = "ACME Platform"
        options.hostProviderName = "AWS"
        options.tagAllowlist = ["team"]
        let rows = try KubecostAllocationDecoder(options: options).decode(
            Fixtures.bytes("opencost-allocation-pod.json")
        )
        .rows
        let checkout = try #require(
            (0..<rows.rowCount).map { rows.fields($0) }.first { $0["x_Pod"] == "checkout-7d9f8" })
        #expect(checkout["BillingCurrency"] == "EUR")
        #expect(checkout["BillingAccountId"] == "prod-eu")
        #expect(checkout["ServiceProviderName"] == "ACME Platform")
        #expect(checkout["InvoiceIssuerName"] == "ACME Platform")
        #expect(checkout["PublisherName"] == "OpenCost")
        #expect(checkout["HostProviderName"] == "AWS")
        #expect(checkout["Tags"] == #"{"team":"payments"}"#)
        #expect(checkout["AllocatedTags"] == #"{"team":"payments"}"#)
    }
}
