import Focus

extension RowBatchBuilder {
    /// Appends one row of `fields` (`nil` is null); `fields.count` must equal the header's column count.
    mutating func appendRow(_ fields: [String?]) {
        beginRow(line: 0)
        for field in fields {
            if let field { appendField(field) } else { appendNull() }
        }
        endRow()
    }
}
