import KubeRuntime
import Logging

extension PipelineSupervisor {
    /// The operator's pipelines: scrapes into `databases` and FOCUS file exports into `stores`, both reading each
    /// owner's rows where `rows` says, with one fetcher.
    public convenience init(
        databases: DatabaseConnector, fetcher: SourceFetcher, rows: RowsSource, stores: ExportStores,
        schedule: ScrapeSchedule = .init(), clock: AnyClock, logger: Logger
    ) {
        self.init(
            runner: Scraper(
                connector: databases, fetcher: fetcher, secrets: rows.secrets, exporterRowsURL: rows.exporterRowsURL,
                now: { clock.wallNow() }, logger: Logger(label: "finops.scrape")),
            exporter: FocusExporter(
                fetcher: fetcher, source: rows, stores: stores, now: { clock.wallNow() },
                logger: Logger(label: "finops.export")),
            schedule: schedule, clock: clock, logger: logger)
    }
}
