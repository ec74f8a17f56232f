/// Counts findings per rule and keeps the first few of each as samples.
///
/// Rules are addressed by slot (an index fixed when the rule is first seen) so the per-field path increments an
/// array element; an issue (with its strings) is only built while the rule still wants samples, so a file with a
/// million bad values costs a million increments, not a million strings.
struct IssueTally: Sendable {
    private(set) var rules: [ValidationRule] = []
    private(set) var counts: [Int] = []
    private(set) var samples: [[ValidationIssue]] = []
    private var slots: [String: Int] = [:]
    let samplesPerRule: Int
    let maxValueLength: Int

    init(samplesPerRule: Int, maxValueLength: Int) {
        self.samplesPerRule = max(0, samplesPerRule)
        self.maxValueLength = max(1, maxValueLength)
        for rule in ValidationRule.builtIn { _ = slot(for: rule) }
    }

    /// The slot of `rule`, adding it on first sight.
    mutating func slot(for rule: ValidationRule) -> Int {
        if let slot = slots[rule.id] { return slot }
        let slot = rules.count
        slots[rule.id] = slot
        rules.append(rule)
        counts.append(0)
        samples.append([])
        return slot
    }

    /// Counts one finding; builds the sample only if the rule still keeps samples.
    @inline(__always)
    mutating func note(
        _ slot: Int, line: Int?, column: String?, value: UnsafeBufferPointer<UInt8>?,
        message: (_ quotedValue: String) -> String
    ) {
        counts[slot] += 1
        guard samples[slot].count < samplesPerRule else { return }
        let text = value.map { truncated(String(decoding: $0, as: UTF8.self)) }
        let quoted = text.map { "\"" + $0 + "\"" } ?? "null"
        samples[slot].append(
            ValidationIssue(rule: rules[slot], line: line, column: column, value: text, message: message(quoted)))
    }

    /// Counts a finding that arrives already built (header checks, readers).
    mutating func add(_ issue: ValidationIssue) {
        let slot = slot(for: issue.rule)
        counts[slot] += 1
        if samples[slot].count < samplesPerRule { samples[slot].append(issue) }
    }

    /// `text` cut to ``maxValueLength`` characters, with an ellipsis when cut.
    func truncated(_ text: String) -> String {
        guard text.count > maxValueLength else { return text }
        return String(text.prefix(maxValueLength)) + "…"
    }
}
