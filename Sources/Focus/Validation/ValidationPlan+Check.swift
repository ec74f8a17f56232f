extension ValidationPlan {
    /// Checks every row of `batch` (whose header is ``header``), counting findings in `tally`.
    ///
    /// The fast path of the validator: fields are read in place from the batch's buffer, values are parsed from
    /// bytes, and strings are made only for the samples a report keeps.
    mutating func check(_ batch: RowBatch, tally: inout IssueTally) {
        let width = batch.columnCount
        var times = [Int64](repeating: 0, count: timeCount)
        var timeValid = [Bool](repeating: false, count: timeCount)
        var hits = [Int](repeating: -1, count: matchers.count)
        batch.storage.withUnsafeBufferPointer { storage in
            batch.spans.withUnsafeBufferPointer { spans in
                for row in 0..<batch.rowCount {
                    let line: Int? = batch.lineNumbers[row] > 0 ? batch.lineNumbers[row] : nil
                    let fields = UnsafeBufferPointer(rebasing: spans[(row * width)..<(row * width + width)])
                    for check in checks {
                        let span = fields[check.column]
                        if span.isNull {
                            if check.valueCheck == .dateTime { timeValid[check.slot] = false }
                            if check.valueCheck == .allowedValue { hits[check.slot] = -1 }
                            if !check.allowsNulls {
                                tally.note(rules.nullNotAllowed, line: line, column: name(check.column), value: nil) {
                                    _ in "null is not allowed"
                                }
                            }
                            continue
                        }
                        let field = UnsafeBufferPointer(rebasing: storage[Int(span.start)..<Int(span.end)])
                        checkValue(
                            field, check, line: line, times: &times, timeValid: &timeValid, hits: &hits,
                            tally: &tally)
                    }
                    checkRow(
                        fields, storage, line: line, times: times, timeValid: timeValid, hits: hits,
                        tally: &tally)
                }
            }
        }
    }

    @inline(__always)
    private mutating func checkValue(
        _ field: UnsafeBufferPointer<UInt8>, _ check: ColumnCheck, line: Int?, times: inout [Int64],
        timeValid: inout [Bool], hits: inout [Int], tally: inout IssueTally
    ) {
        switch check.valueCheck {
        case .none:
            break
        case .decimal, .nonNegativeDecimal:
            guard let value = FocusDecimal.parse(field) else {
                tally.note(rules.invalidDecimal, line: line, column: name(check.column), value: field) {
                    "\($0) is not a decimal"
                }
                return
            }
            if check.valueCheck == .nonNegativeDecimal && value.isNegative {
                tally.note(rules.negativeValue, line: line, column: name(check.column), value: field) {
                    "\($0) must not be negative"
                }
            }
        case .dateTime:
            guard let parsed = FocusTimestamp.parse(field) else {
                timeValid[check.slot] = false
                tally.note(rules.invalidDateTime, line: line, column: name(check.column), value: field) {
                    "\($0) is not an ISO 8601 date/time"
                }
                return
            }
            times[check.slot] = parsed.timestamp.microsecondsSinceEpoch
            timeValid[check.slot] = true
            if !parsed.isUTCExplicit {
                tally.note(rules.dateTimeNotUTC, line: line, column: name(check.column), value: field) {
                    parsed.zone == FocusTimestamp.Parsed.Zone.noZone
                        ? "\($0) has no time zone (read as UTC; FOCUS wants a Z suffix)"
                        : "\($0) has a UTC offset (converted; FOCUS wants UTC with a Z suffix)"
                }
            }
        case .json:
            guard case .object? = JSONSyntax.validate(field) else {
                tally.note(rules.invalidJSON, line: line, column: name(check.column), value: field) {
                    "\($0) is not a JSON object"
                }
                return
            }
        case .allowedValue:
            let hit = matchers[check.slot].index(of: field)
            hits[check.slot] = hit ?? -1
            if hit == nil {
                tally.note(rules.invalidAllowedValue, line: line, column: name(check.column), value: field) {
                    "\($0) is not an allowed value"
                }
            }
        case .currencyCode:
            if !Self.isCurrencyCode(field) {
                tally.note(rules.invalidCurrencyCode, line: line, column: name(check.column), value: field) {
                    "\($0) is not an ISO 4217 currency code (three upper-case letters)"
                }
            }
        }
    }

    @inline(__always)
    private func checkRow(
        _ fields: UnsafeBufferPointer<RowBatch.FieldSpan>, _ storage: UnsafeBufferPointer<UInt8>, line: Int?,
        times: [Int64], timeValid: [Bool], hits: [Int], tally: inout IssueTally
    ) {
        for order in periodOrders
        where timeValid[order.startTime] && timeValid[order.endTime] && times[order.startTime] >= times[order.endTime] {
            let end = Self.text(fields[order.endColumn], storage)
            let endName = name(order.endColumn)
            tally.note(
                order.rule, line: line, column: name(order.startColumn),
                value: Self.bytes(fields[order.startColumn], storage)
            ) {
                "\($0) is not before \(endName) \"\(end())\""
            }
        }
        if let pairing = servicePairing {
            let category = hits[pairing.categoryMatcher]
            let subcategory = hits[pairing.subcategoryMatcher]
            if category >= 0, subcategory >= 0, pairing.parentOfSubcategory[subcategory] != category {
                let categoryName = matchers[pairing.categoryMatcher].values[category]
                let parent = pairing.parentOfSubcategory[subcategory]
                let parentName = parent >= 0 ? matchers[pairing.categoryMatcher].values[parent] : "another category"
                tally.note(
                    rules.serviceSubcategoryMismatch, line: line, column: name(pairing.subcategoryColumn),
                    value: Self.bytes(fields[pairing.subcategoryColumn], storage)
                ) {
                    "\($0) belongs to ServiceCategory \"\(parentName)\", not \"\(categoryName)\""
                }
            }
        }
        for pairing in nullPairings {
            let dependentNull = fields[pairing.dependent].isNull
            let anchorNull = fields[pairing.anchor].isNull
            if anchorNull && !dependentNull {
                let anchorName = name(pairing.anchor)
                tally.note(
                    rules.nullConsistency, line: line, column: name(pairing.dependent),
                    value: Self.bytes(fields[pairing.dependent], storage)
                ) { "\($0) must be null when \(anchorName) is null" }
            } else if pairing.both && !anchorNull && dependentNull {
                let anchorName = name(pairing.anchor)
                tally.note(rules.nullConsistency, line: line, column: name(pairing.dependent), value: nil) { _ in
                    "null is not allowed when \(anchorName) is set"
                }
            }
        }
    }

    private func name(_ column: Int) -> String { header.names[column] }

    /// Three ASCII upper-case letters.
    private static func isCurrencyCode(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        field.count == 3 && field.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
    }

    private static func bytes(
        _ span: RowBatch.FieldSpan, _ storage: UnsafeBufferPointer<UInt8>
    ) -> UnsafeBufferPointer<UInt8>? {
        span.isNull ? nil : UnsafeBufferPointer(rebasing: storage[Int(span.start)..<Int(span.end)])
    }

    /// A field's text, made only when called (for messages of kept samples).
    private static func text(
        _ span: RowBatch.FieldSpan, _ storage: UnsafeBufferPointer<UInt8>
    ) -> () -> String {
        { bytes(span, storage).map { String(decoding: $0, as: UTF8.self) } ?? "null" }
    }
}
