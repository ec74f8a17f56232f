import FinOpsPipelines
import KubeRuntime
import Metrics
import Prometheus

/// The process-wide metrics backend: swift-metrics into a Prometheus registry that `/metrics` renders.
enum MetricsSetup {
    /// Bootstraps swift-metrics (once, at start-up) and returns the registry to render.
    static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Reconciles take milliseconds to seconds.
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10), .seconds(30),
        ]
        MetricsSystem.bootstrap(factory)
        return registry
    }

    /// The operator's `/metrics`: the controllers', the scrape pipelines' and the exports' metrics with their help.
    static func renderOperator(_ registry: PrometheusCollectorRegistry) -> String {
        render(
            registry, help: RuntimeMetrics.help.merging(ScrapeMetrics.help) { $1 }.merging(ExportMetrics.help) { $1 })
    }

    /// The exposition text with a `# HELP` line before each `# TYPE` line of a metric we document.
    static func render(_ registry: PrometheusCollectorRegistry, help: [String: String] = RuntimeMetrics.help) -> String
    {
        let text = registry.emitToString()
        var out = ""
        out.reserveCapacity(text.utf8.count + help.count * 64)
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# TYPE ") {
                let name = line.dropFirst(7).prefix { $0 != " " }
                if let helpText = help[String(name)] { out += "# HELP \(name) \(helpText)\n" }
            }
            out += line
            out += "\n"
        }
        if out.hasSuffix("\n\n") { out.removeLast() }
        return out
    }
}
