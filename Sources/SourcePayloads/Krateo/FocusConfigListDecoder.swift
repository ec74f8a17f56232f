import Focus

/// FOCUS rows from Krateo's `FocusConfigList` (group `finops.krateo.io`): a Kubernetes list whose `items` are
/// `FocusConfig` objects, each holding one cost row in `spec.focusSpec` with camelCase keys.
///
/// Krateo's exporters (`TryParseResponseAsFocusJSON`) turned such a list into CSV with one column per `FocusSpec`
/// field, named like the Go field. This decoder gives the same columns (``FocusSpecFields/known``, in order, all of
/// them on every batch), then any other `focusSpec` key as a PascalCase column, in first-seen order (its value as
/// given, nested values as compact JSON; Krateo dropped such keys). It differs where Krateo lost information:
/// - a missing field is null, not `""`, `0` or `0001-01-01T00:00:00Z`;
/// - `Tags` and `SkuPriceDetails` are JSON objects (`{"env":"prod"}`, as FOCUS defines `Tags`), not `env=prod;…`;
/// - one malformed item (or value) is skipped with a problem instead of failing the whole list, and values are
///   never split by an unquoted comma.
///
/// Quantities are written as plain decimals with their digits (`"12.50"` stays `12.50`, `500m` is `0.500`); times
/// are RFC 3339 in UTC. A bare `FocusConfig` object or a bare array of them is accepted too.
public struct FocusConfigListDecoder: Sendable {
    /// A decoder; it has no settings.
    public init() {}

    /// Decodes UTF-8 JSON bytes.
    public func decode(_ bytes: some Collection<UInt8>) throws(PayloadError) -> DecodedPayload {
        try decode(PayloadJSON.parse(bytes))
    }

    /// Decodes a parsed payload.
    public func decode(_ root: JSONNode) throws(PayloadError) -> DecodedPayload {
        let items = try locateItems(in: root)
        var log = ProblemLog()

        // First pass: the extra columns, so the header is known before any row is built.
        var columns = FocusSpecFields.knownColumns
        var extraColumns: [String: Int] = [:]
        for (_, item, _) in items {
            for member in item?["spec"]?["focusSpec"]?.objectValue?.members ?? []
            where FocusSpecFields.byKey[FocusSpecFields.lookupKey(member.key)] == nil {
                let name = FocusSpecFields.columnName(forUnknownKey: member.key)
                if extraColumns[name] == nil, !FocusSpecFields.knownColumns.contains(name) {
                    extraColumns[name] = columns.count
                    columns.append(name)
                }
            }
        }

        var builder = RowBatchBuilder(header: FocusHeader(columns))
        for (path, item, node) in items {
            guard let item else {
                log.add(path, "item skipped: expected a FocusConfig object, found \(node.kindName)")
                continue
            }
            guard let spec = item["spec"] else {
                log.add(path.appending("spec"), "item skipped: no spec")
                continue
            }
            guard let focusSpec = spec["focusSpec"]?.objectValue else {
                let problem = spec["focusSpec"].map { "expected an object, found \($0.kindName)" } ?? "no focusSpec"
                log.add(path.appending("spec").appending("focusSpec"), "item skipped: \(problem)")
                continue
            }
            let specPath = path.appending("spec").appending("focusSpec")
            var fields = [String?](repeating: nil, count: columns.count)
            var filled = [Bool](repeating: false, count: columns.count)
            for member in focusSpec.members {
                let known = FocusSpecFields.byKey[FocusSpecFields.lookupKey(member.key)]
                let name = FocusSpecFields.columnName(forUnknownKey: member.key)
                guard
                    let column = known?.column ?? extraColumns[name]
                        ?? FocusSpecFields.knownColumns.firstIndex(of: name)
                else { continue }
                let fieldPath = specPath.appending(member.key)
                if filled[column] {
                    log.add(fieldPath, "value ignored: column \(columns[column]) already has a value from this item")
                    continue
                }
                filled[column] = true
                if let kind = known?.kind {
                    fields[column] = Self.text(of: member.value, kind: kind, at: fieldPath, log: &log)
                } else {
                    fields[column] = member.value.fieldText  // other keys: any JSON, nested values as compact JSON
                }
            }
            builder.appendRow(fields)
        }
        return DecodedPayload(rows: builder.finish(), log: log)
    }

    /// (path, item object or nil, item node) for every item.
    private func locateItems(in root: JSONNode) throws(PayloadError) -> [(JSONPath, JSONObject?, JSONNode)] {
        func entries(_ nodes: [JSONNode], _ path: JSONPath) -> [(JSONPath, JSONObject?, JSONNode)] {
            nodes.enumerated().map { (path.appending(index: $0.offset), $0.element.objectValue, $0.element) }
        }
        switch root {
        case .array(let nodes):
            return entries(nodes, .root)
        case .object(let object):
            if let items = object["items"] {
                guard case .array(let nodes) = items else {
                    throw PayloadError.wrongType(
                        at: JSONPath.root.appending("items"), expected: "an array", found: items)
                }
                return entries(nodes, JSONPath.root.appending("items"))
            }
            if object["spec"] != nil { return [(.root, object, root)] }
            throw PayloadError.missing("items", in: .root, expected: "array")
        default:
            throw PayloadError.wrongType(at: .root, expected: "a FocusConfigList object", found: root)
        }
    }

    /// Column text for `value`, or `nil` (null) after logging why when it cannot be used.
    static func text(of value: JSONNode, kind: FocusSpecFields.Kind, at path: JSONPath, log: inout ProblemLog)
        -> String?
    {
        switch (kind, value) {
        case (_, .null):
            return nil
        case (.text, .string(let text)), (.text, .number(let text)):
            return text
        case (.text, .bool(let flag)):
            return flag ? "true" : "false"
        case (.decimal, .string("")), (.dateTime, .string("")):
            return nil  // Kubernetes reads "" as the zero value; we read it as absent.
        case (.decimal, .string(let text)):
            if let plain = DecimalText.plain(quantity: text) { return plain }
            log.add(path, "value dropped: \"\(text.prefix(40))\" is not a number or Kubernetes quantity")
            return nil
        case (.decimal, .number(let text)):
            if let plain = DecimalText.plain(jsonNumber: text) { return plain }
            log.add(path, "value dropped: \(text.prefix(40)) is out of range")
            return nil
        case (.dateTime, .string(let text)):
            if let time = FocusTimestamp(text) { return time.description }
            log.add(path, "value dropped: \"\(text.prefix(40))\" is not an RFC 3339 date-time")
            return nil
        case (.keyValueList, .array(let entries)):
            return KeyValueTags.jsonObject(from: entries, at: path, log: &log)
        case (.keyValueList, .object):
            return value.compactJSON
        default:
            let expected: String
            switch kind {
            case .text: expected = "a string"
            case .decimal: expected = "a number or quantity string"
            case .dateTime: expected = "an RFC 3339 date-time string"
            case .keyValueList: expected = "a list of {key, value}"
            }
            log.add(path, "value dropped: expected \(expected), found \(value.kindName)")
            return nil
        }
    }
}
