import FinOpsAPI
import Focus
import SourcePayloads

/// What an export changes in the rows it writes: names the source leaves empty (`providerName` fills
/// `ServiceProviderName` and `ProviderName`, `publisherName` fills `PublisherName`, `invoiceIssuerName` fills
/// `InvoiceIssuerName`; a missing `ServiceProviderName` or `InvoiceIssuerName` column is added, the deprecated
/// `ProviderName`/`PublisherName` only filled where present), and `Tags` cut to the allowlist.
///
/// A `Tags` value that is not a JSON object is kept as it is: the validator reports it, the export never drops data
/// it cannot interpret.
struct FocusRowAdjustment: Sendable {
    let input: FocusHeader
    let output: FocusHeader
    /// Per output column: where its value comes from.
    private let sources: [Source]

    private enum Source: Sendable {
        case column(Int)
        case filled(Int?, String)
        case tags(Int)
    }

    init(input: FocusHeader, export: NormalizedFocusExport) {
        self.input = input
        var fills: [String: String] = [:]
        if let name = export.providerName {
            fills["ServiceProviderName"] = name
            fills["ProviderName"] = name
        }
        if let name = export.publisherName { fills["PublisherName"] = name }
        if let name = export.invoiceIssuerName { fills["InvoiceIssuerName"] = name }
        var names = input.names
        for name in ["ServiceProviderName", "InvoiceIssuerName"] where fills[name] != nil && !input.contains(name) {
            names.append(name)
        }
        output = names == input.names ? input : FocusHeader(names)
        sources = names.map { name in
            if let fill = fills[name] { return .filled(input.index(of: name), fill) }
            if name == "Tags", export.tagAllowlist != nil, let index = input.index(of: name) { return .tags(index) }
            return .column(input.index(of: name) ?? 0)
        }
        allowed = Set(export.tagAllowlist ?? [])
    }

    private let allowed: Set<String>

    var changesNothing: Bool {
        output == input && sources.allSatisfy { if case .column = $0 { true } else { false } }
    }

    /// Appends row `row` of `batch` (with ``input``'s names) to `builder` (with ``output``'s).
    func append(row: Int, of batch: RowBatch, to builder: inout RowBatchBuilder) {
        builder.beginRow(line: batch.lineNumbers[row])
        for source in sources {
            switch source {
            case .column(let column):
                if batch.withBytes(row: row, column: column, { builder.appendField($0) }) == nil {
                    builder.appendNull()
                }
            case .filled(let column, let fill):
                if let column, let present = batch.string(row: row, column: column), !present.isEmpty {
                    builder.appendField(present)
                } else {
                    builder.appendField(fill)
                }
            case .tags(let column):
                guard let text = batch.string(row: row, column: column) else {
                    builder.appendNull()
                    continue
                }
                builder.appendField(filteredTags(text))
            }
        }
        builder.endRow()
    }

    func filteredTags(_ text: String) -> String {
        guard !text.isEmpty, let node = try? JSONParser.parse(text), var object = node.objectValue else { return text }
        object.members.removeAll { !allowed.contains($0.key) }
        return JSONNode.object(object).compactJSON
    }
}
