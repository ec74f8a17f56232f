import Focus
import Testing

@testable import SourcePayloads

@Suite struct KubecostAssetsDecoderTests {
    let decoder = KubecostAssetsDecoder(options: KubecostMappingOptions(flavor: .kubecost))

    @Test func aggregatedByTypeOneRowPerAssetSummingToItsTotalCost() throws {
        let bytes = try Fixtures.bytes("kubecost-assets-type.json")
        let decoded = try decoder.decode(bytes)
        #expect(decoded.problems.isEmpty)
        let rows = decoded.rows
        #expect(
            rows.column("ResourceType") == [
                "Node", "Disk", "LoadBalancer", "Network", "ClusterManagement", "Cloud", "Shared",
            ])
        let expected = try KubecostChecks.payloadTotals(bytes)
        for row in 0..<rows.rowCount {
            let name = try #require(rows.fields(row)["ResourceId"])
            #expect(try KubecostChecks.sum(rows, "BilledCost", rows: [row]) == expected.perItem["0/\(name)"])
        }
        #expect(try KubecostChecks.sum(rows, "BilledCost", rows: 0..<rows.rowCount) == expected.total)
        #expect(try KubecostChecks.sum(rows, "EffectiveCost", rows: 0..<rows.rowCount) == expected.total)
    }

    @Test func listAndContractedComeFromDiscountAndAdjustment() throws {
        let rows = try decoder.decode(Fixtures.bytes("kubecost-assets-type.json")).rows
        let node = rows.fields(0)
        #expect(node["ListCost"] == "78.2030", "cpuCost + gpuCost + ramCost, before the 30% discount")
        #expect(node["ContractedCost"] == "54.74210", "totalCost − adjustment")
        #expect(node["BilledCost"] == "53.49210")
        #expect(node["x_Adjustment"] == "-1.25")
        #expect(node["x_Discount"] == "0.3")
        #expect(node["ConsumedQuantity"] == "504", "30240 minutes")
        #expect(node["ConsumedUnit"] == "Hours")
        #expect(node["PricingCategory"] == "Standard")
        #expect(node["ServiceCategory"] == "Compute")
        #expect(node["ServiceSubcategory"] == "Virtual Machines")
        #expect(node["HostProviderName"] == "AWS")
        #expect(node["ServiceProviderName"] == "AWS")
        #expect(node["PublisherName"] == "Kubecost")
        #expect(node["ChargePeriodStart"] == "2024-03-01T00:00:00Z")
        #expect(node["ChargePeriodEnd"] == "2024-03-08T00:00:00Z")

        let disk = rows.fields(1)
        #expect(disk["ConsumedQuantity"] == "33600", "GiB-hours")
        #expect(disk["ServiceSubcategory"] == "Block Storage")
        #expect(disk["ListCost"] == disk["BilledCost"])
        let balancer = rows.fields(2)
        #expect(balancer["ContractedCost"] == "4.20")
        #expect(balancer["ServiceCategory"] == "Networking")
        #expect(balancer["ServiceSubcategory"] == "Application Networking")
        #expect(rows.fields(3)["ServiceSubcategory"] == "Network Connectivity")
        #expect(rows.fields(4)["ServiceCategory"] == "Management and Governance")
        let cloud = rows.fields(5)
        #expect(cloud["ServiceName"] == "AmazonS3")
        #expect(cloud["ServiceCategory"] == "Storage")
        #expect(cloud["ServiceSubcategory"] == "Other (Storage)")
        #expect(cloud["BillingAccountId"] == "123456789012")
        #expect(rows.fields(6)["ServiceCategory"] == "Other")
        #expect(rows.fields(6)["ServiceProviderName"] == "Kubecost", "no cloud provider named")

        for row in 0..<rows.rowCount {
            let fields = rows.fields(row)
            let list = try KubecostChecks.decimal(fields["ListCost"])
            let contracted = try KubecostChecks.decimal(fields["ContractedCost"])
            #expect(list >= contracted, "\(fields["ResourceType"] ?? "")")
        }
    }

    @Test func nodesAndDisksKeepTheirIdsLabelsAndRegion() throws {
        let rows = try decoder.decode(Fixtures.bytes("kubecost-assets-nodes.json")).rows
        let node = rows.fields(0)
        #expect(node["ResourceId"] == "aws:///eu-west-1a/i-0a1b2c3d4e")
        #expect(node["ResourceName"] == "ip-10-0-1-12.eu-west-1.compute.internal")
        #expect(node["PricingCategory"] == "Dynamic", "preemptible")
        #expect(node["RegionId"] == "eu-west-1")
        #expect(node["AvailabilityZone"] == "eu-west-1a")
        #expect(node["x_NodeType"] == "m5.xlarge")
        #expect(node["x_Cluster"] == "cluster-one")
        #expect(node["BillingAccountId"] == "123456789012")
        #expect(node["ListCost"] == "2.304")
        let disk = rows.fields(1)
        #expect(disk["ResourceId"] == "vol-0a9b")
        #expect(disk["x_StorageClass"] == "gp3")
        #expect(disk["ContractedCost"] == "0.0263")
        #expect(disk["Tags"] == #"{"team":"platform"}"#)

        var options = KubecostMappingOptions(flavor: .opencost)
        options.tagAllowlist = ["team"]
        let filtered = try KubecostAssetsDecoder(options: options).decode(Fixtures.bytes("kubecost-assets-nodes.json"))
        #expect(filtered.rows.fields(0)["Tags"] == #"{"team":"platform"}"#)
    }

    @Test func rowsPassOurFOCUS13Validator() throws {
        for fixture in ["kubecost-assets-type.json", "kubecost-assets-nodes.json"] {
            let report = try KubecostChecks.report(try decoder.decode(Fixtures.bytes(fixture)).rows)
            #expect(report.errorCount == 0, "\(fixture): \(report.rendered())")
        }
    }

    @Test func assetsWithoutAWindowAreReported() throws {
        let payload = #"{"code":200,"data":[{"Node/x":{"type":"Node","totalCost":1},"Disk/y":"oops"}]}"#
        let decoded = try decoder.decode(Array(payload.utf8))
        #expect(decoded.rows.rowCount == 0)
        #expect(decoded.problems.count == 2)
    }

    @Test func serviceCategoriesAreValidFOCUSPairs() throws {
        let schema = try #require(FocusSchema.schema(.v1_3))
        for category in [nil, "Compute", "Storage", "Network", "Management", "Shared", "Other", "Unknown"] {
            for type in ["Node", "Disk", "LoadBalancer", "Network", "ClusterManagement", "Cloud", "Shared", "Other"] {
                let service = KubecostAssetsDecoder.service(category: category, type: type)
                #expect(schema.serviceSubcategories(of: service.category).contains(service.subcategory))
            }
        }
    }
}
