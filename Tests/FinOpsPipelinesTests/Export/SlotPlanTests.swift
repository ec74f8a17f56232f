import FinOpsAPI
import Focus
import Testing

@testable import FinOpsPipelines

@Suite struct SlotPlanTests {
    /// 2026-05-22T12:00:00Z
    static let now: Int64 = 1_779_451_200

    @Test func slotsAreUTCAlignedAndNamedByTheirStart() {
        let day = ExportSlot(containing: Self.now, granularity: .daily)
        #expect(day.description == "2026-05-22" && day.start == 1_779_408_000 && day.end - day.start == 86_400)
        let hour = ExportSlot(containing: Self.now + 59 * 60, granularity: .hourly)
        #expect(hour.description == "2026-05-22T12:00:00Z")
        // Before 1970 and on leap days.
        #expect(ExportSlot(containing: -1, granularity: .daily).description == "1969-12-31")
        #expect(ExportSlot(containing: 1_709_208_000, granularity: .daily).description == "2024-02-29")
        #expect(ExportSlot.timestamp(Self.now + 61) == "2026-05-22T12:01:01Z")
    }

    @Test func layoutKeysAreHivePartitionedAndParseBack() {
        let daily = FocusFileLayout(
            prefix: "focus/", name: "aws-costs", export: NormalizedFocusExport(destination: .directory("/x")))
        let day = ExportSlot(containing: Self.now, granularity: .daily)
        let key = daily.key(of: day)
        #expect(key == "focus/version=focus-1.3/year=2026/month=05/day=22/aws-costs-2026-05-22.parquet")
        #expect(daily.slot(ofKey: key) == day)
        #expect(daily.slot(ofKey: "focus/version=focus-1.3/year=2026/month=05/day=22/other-2026-05-22.parquet") == nil)
        #expect(
            daily.slot(ofKey: "focus/version=focus-1.3/year=2026/month=05/day=21/aws-costs-2026-05-22.parquet") == nil)
        #expect(daily.slot(ofKey: daily.metadataKey) == nil)

        let hourly = FocusFileLayout(
            prefix: "", name: "k8s",
            export: NormalizedFocusExport(
                destination: .directory("/x"), format: .csv, compression: .gzip, granularity: .hourly))
        let hour = ExportSlot(containing: Self.now, granularity: .hourly)
        #expect(hourly.key(of: hour) == "version=focus-1.3/year=2026/month=05/day=22/k8s-2026-05-22-12.csv.gz")
        #expect(hourly.slot(ofKey: hourly.key(of: hour)) == hour)
    }

    @Test func lookbackIsRestatedAndOlderSlotsOnlyWhenMissing() {
        let day = { (offset: Int64) in ExportSlot(containing: Self.now - offset * 86_400, granularity: .daily) }
        let plan = SlotPlan(
            now: Self.now, granularity: .daily, lookbackDays: 3, backfillDays: 10, existing: [day(4), day(6), day(1)])
        #expect(plan.newest == day(1) && plan.oldest == day(10))
        #expect(plan.restated == [day(3), day(2), day(1)])
        #expect(plan.missing == [day(10), day(9), day(8), day(7), day(5)])
        // No lookback: only what is missing, the newest complete slot included.
        let none = SlotPlan(now: Self.now, granularity: .daily, lookbackDays: 0, backfillDays: 2, existing: [day(2)])
        #expect(none.restated.isEmpty && none.missing == [day(1)])
    }

    @Test func namesAreFilledAndTagsCutToTheAllowlist() {
        let header = FocusHeader(["ChargePeriodStart", "ServiceProviderName", "Tags"])
        let batch = RowBatch(
            header: header,
            rows: [
                ["2026-05-01T00:00:00Z", nil, #"{"team":"a","secret-ish":"x","env":"dev"}"#],
                ["2026-05-01T00:00:00Z", "AWS", "not json"],
            ])
        let adjustment = FocusRowAdjustment(
            input: header,
            export: NormalizedFocusExport(
                destination: .directory("/x"), tagAllowlist: ["team", "env"], providerName: "Acme",
                invoiceIssuerName: "Acme Billing"))
        #expect(adjustment.output.names == ["ChargePeriodStart", "ServiceProviderName", "Tags", "InvoiceIssuerName"])
        var builder = RowBatchBuilder(header: adjustment.output)
        adjustment.append(row: 0, of: batch, to: &builder)
        adjustment.append(row: 1, of: batch, to: &builder)
        let out = builder.finish()
        #expect(out.row(0) == ["2026-05-01T00:00:00Z", "Acme", #"{"team":"a","env":"dev"}"#, "Acme Billing"])
        // A name already there stays; a Tags value that is not an object is kept for the validator to report.
        #expect(out.row(1) == ["2026-05-01T00:00:00Z", "AWS", "not json", "Acme Billing"])
    }
}
