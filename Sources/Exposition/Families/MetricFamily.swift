/// A metric family as it is declared once and rendered many times: name, HELP, TYPE, the label names of its
/// series, and how duplicate label sets merge.
///
/// Names are validated here, once, so that rendering never checks them; text is pre-rendered into the fragments
/// every line repeats (`name{label="`, `,label="`), so a series costs only its label values.
public struct MetricFamily: Sendable, Hashable {
    /// The metric name, valid by construction.
    public let name: String
    /// The `# HELP` text (left out when empty).
    public let help: String
    /// The `# TYPE`.
    public let type: MetricType
    /// The label names every series of the family has, in the order label values are given.
    public let labelNames: [String]
    /// How series with equal label sets merge.
    public let duplicatePolicy: DuplicatePolicy
    /// Whether a series leaves out labels whose value is empty. Prometheus treats `label=""` as no label at all,
    /// so leaving it out changes nothing for queries and saves bytes (FOCUS has many optional columns).
    public let omitsEmptyLabelValues: Bool

    /// `# HELP …\n# TYPE …\n`.
    let header: [UInt8]
    /// Per label, the text that opens it: `name{label="` when it is the first label of a line, `,label="` after
    /// another one. Stored flat: label `k` is `firstPrefixes[firstOffsets[k]..<firstOffsets[k + 1]]`.
    let firstPrefixes: [UInt8]
    let firstOffsets: [Int]
    let nextPrefixes: [UInt8]
    let nextOffsets: [Int]

    /// Declares a family; throws ``ExpositionError`` with code `.invalidName` for an invalid metric name, an
    /// invalid or reserved label name, or a label name given twice. Use ``MetricName/sanitize(_:)`` and
    /// ``LabelNameMapping`` to make names from arbitrary text first.
    public init(
        name: String, help: String, type: MetricType, labelNames: [String] = [],
        duplicatePolicy: DuplicatePolicy = .report, omitsEmptyLabelValues: Bool = true
    ) throws(ExpositionError) {
        guard MetricName.isValid(name) else {
            throw ExpositionError(.invalidName, "\"\(name)\" is not a valid metric name")
        }
        var seen: Set<String> = []
        for label in labelNames {
            guard LabelName.isValid(label) else {
                throw ExpositionError(.invalidName, "\"\(label)\" is not a valid label name (family \(name))")
            }
            guard seen.insert(label).inserted else {
                throw ExpositionError(.invalidName, "label \"\(label)\" is declared twice (family \(name))")
            }
        }
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.duplicatePolicy = duplicatePolicy
        self.omitsEmptyLabelValues = omitsEmptyLabelValues
        self.header = FamilyHeader.render(name: name, help: help, type: type)
        var firstPrefixes: [UInt8] = []
        var nextPrefixes: [UInt8] = []
        var firstOffsets = [0]
        var nextOffsets = [0]
        for label in labelNames {
            firstPrefixes.append(contentsOf: "\(name){\(label)=\"".utf8)
            nextPrefixes.append(contentsOf: ",\(label)=\"".utf8)
            firstOffsets.append(firstPrefixes.count)
            nextOffsets.append(nextPrefixes.count)
        }
        self.firstPrefixes = firstPrefixes
        self.firstOffsets = firstOffsets
        self.nextPrefixes = nextPrefixes
        self.nextOffsets = nextOffsets
    }

    /// Equal declarations (the pre-rendered fragments follow from them).
    public static func == (lhs: MetricFamily, rhs: MetricFamily) -> Bool {
        lhs.name == rhs.name && lhs.help == rhs.help && lhs.type == rhs.type && lhs.labelNames == rhs.labelNames
            && lhs.duplicatePolicy == rhs.duplicatePolicy && lhs.omitsEmptyLabelValues == rhs.omitsEmptyLabelValues
    }

    /// Hashes the name and label names.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(labelNames)
    }
}
