import FinOpsAPI
import KubeCore
import Testing

/// Where the scrape pipelines and the status monitor reach an exporter.
@Suite struct ExporterAddressTests {
    let owner = ObjectKey(namespace: "finops", name: "aws-costs")

    @Test func inTheClusterItIsTheOwnersServiceOnTheExporterPort() {
        #expect(ExporterAddress.url(of: owner, path: "/rows") == "http://aws-costs-service.finops.svc:2112/rows")
        #expect(
            ExporterAddress.url(of: ObjectKey(namespace: nil, name: "x"), path: "/status")
                == "http://x-service.default.svc:2112/status")
    }

    @Test func aTemplateNamesAnotherPlace() {
        #expect(
            ExporterAddress.url(of: owner, path: "/rows", template: "http://127.0.0.1:2112/")
                == "http://127.0.0.1:2112/rows")
        #expect(
            ExporterAddress.url(of: owner, path: "/rows", template: "https://{name}.{namespace}.example.com")
                == "https://aws-costs.finops.example.com/rows")
    }
}
