import ArgumentParser
import KubeRuntime
import Prometheus
import Testing

@testable import FinOpsOperator

@Suite struct RunConfigurationTests {
    @Test func defaultsAreThoseOfAProductionDeployment() throws {
        let command = try RunCommand.parse([])
        let config = try command.configuration(environment: [:])
        #expect(config.scope == .all)
        #expect(config.leaderElection)
        #expect(config.leaseKey.namespace == "default")
        #expect(config.metricsAddress.description == "0.0.0.0:8080")
        #expect(config.healthAddress.description == "0.0.0.0:8081")
        #expect(config.logging.level == .info)
        #expect(config.logging.format == .text)
    }

    @Test func environmentFillsWhatFlagsLeaveOpen() throws {
        let env = [
            "WATCH_NAMESPACES": "team-a, team-b", "POD_NAMESPACE": "finops-system", "POD_NAME": "op-0",
            "EXPORTER_IMAGE": "registry/x:1", "LOG_FORMAT": "json",
        ]
        let config = try RunCommand.parse([]).configuration(environment: env)
        #expect(config.scope == .namespaces(["team-a", "team-b"]))
        #expect(config.leaseKey.namespace == "finops-system")
        #expect(config.identity.hasPrefix("op-0_"))
        #expect(config.exporterPod.image == "registry/x:1")
        #expect(config.logging.format == .json)
    }

    @Test func flagsWinOverEnvironment() throws {
        let command = try RunCommand.parse([
            "--namespaces", "only", "--exporter-image", "flag/x:2", "--leader-elect", "false", "--log-format", "text",
        ])
        let config = try command.configuration(environment: ["WATCH_NAMESPACES": "other", "LOG_FORMAT": "json"])
        #expect(config.scope == .namespaces(["only"]))
        #expect(config.exporterPod.image == "flag/x:2")
        #expect(!config.leaderElection)
        #expect(config.logging.format == .text)
    }

    @Test(arguments: [["--metrics-bind-address", "nope"], ["--workers", "0"], ["--log-level", "loud"]])
    func invalidSettingsAreRejectedAtStart(arguments: [String]) throws {
        let command = try RunCommand.parse(arguments)
        #expect(throws: (any Error).self) { try command.configuration(environment: [:]) }
    }

    @Test func hostPortForms() {
        #expect(HostPort(":9090")?.description == "0.0.0.0:9090")
        #expect(HostPort("[::1]:80")?.host == "::1")
        #expect(HostPort("127.0.0.1:70000") == nil)
    }

    @Test func exposedMetricsCarryHelpText() {
        let registry = PrometheusCollectorRegistry()
        PrometheusMetricsFactory(registry: registry)
            .makeCounter(label: "finops_operator_reconcile_total", dimensions: [("controller", "x")])
            .increment(by: 1)
        let text = MetricsSetup.render(registry)
        #expect(text.hasPrefix("# HELP finops_operator_reconcile_total Reconciles by controller and result.\n# TYPE"))
    }
}
