extension ValidationReport {
    /// The report as text for a terminal (`finops-operator validate FILE`):
    ///
    /// ```text
    /// FOCUS 1.3 Cost and Usage, 200 rows: 2 errors, 1 warning
    /// error   invalid-decimal (2): A Decimal column holds something that is not a number.
    ///     line 17, column BilledCost: "abc" is not a decimal
    ///     line 40, column ListCost: "1,5" is not a decimal
    /// warning deprecated-column (1): A column is deprecated in this FOCUS version.
    ///     column ProviderName: deprecated in FOCUS 1.3 (use ServiceProviderName)
    /// ```
    ///
    /// `samplesPerRule` limits the sample lines per rule (the report may hold more); a line says how many were left
    /// out.
    public func rendered(samplesPerRule: Int = 5) -> String {
        var lines = [summaryLine]
        for result in results {
            let severity = result.rule.severity == .error ? "error  " : "warning"
            lines.append("\(severity) \(result.rule.id) (\(result.count)): \(result.rule.summary)")
            let shown = result.samples.prefix(max(0, samplesPerRule))
            for issue in shown { lines.append("    " + issue.rendered) }
            if result.count > shown.count { lines.append("    … and \(result.count - shown.count) more") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `FOCUS 1.3 Cost and Usage, 200 rows: valid` or `…: 2 errors, 1 warning`.
    public var summaryLine: String {
        let rows = totalRows == 1 ? "1 row" : "\(totalRows) rows"
        let head = "FOCUS \(version) \(dataset.displayName), \(rows): "
        let errors = errorCount
        let warnings = warningCount
        if errors == 0 && warnings == 0 { return head + "valid" }
        if errors == 0 { return head + "valid, " + plural(warnings, "warning") }
        return head + plural(errors, "error") + (warnings > 0 ? ", " + plural(warnings, "warning") : "")
    }

    private func plural(_ count: Int, _ noun: String) -> String { count == 1 ? "1 \(noun)" : "\(count) \(noun)s" }
}
