/// The columns of one FOCUS dataset in one version, with the rules that relate them.
///
/// Schemas are built once from the tables in `Schema/Tables` and shared; look one up with
/// ``schema(_:dataset:)`` or find the one a file follows with ``detect(_:)``.
public struct FocusSchema: Sendable {
    /// The FOCUS version these columns belong to.
    public let version: FocusVersion
    /// The dataset these columns describe.
    public let dataset: FocusDataset
    /// Every column of the dataset in this version, ordered by name (the spec lists them alphabetically; FOCUS data
    /// may order them freely).
    public let columns: [FocusColumnSpec]
    /// ServiceSubcategory → its one parent ServiceCategory; empty where the dataset has no ServiceSubcategory.
    public let serviceSubcategoryParents: [String: String]
    private let positions: [String: Int]

    init(version: FocusVersion, dataset: FocusDataset, columns: [FocusColumnSpec]) {
        self.version = version
        self.dataset = dataset
        self.columns = columns.sorted { $0.name < $1.name }
        var positions: [String: Int] = [:]
        for (index, column) in self.columns.enumerated() { positions[column.name] = index }
        self.positions = positions
        self.serviceSubcategoryParents = positions["ServiceSubcategory"] == nil ? [:] : ServiceCategories.parents
    }

    /// The column called `name`, if this schema has it.
    public func column(named name: String) -> FocusColumnSpec? {
        positions[name].map { columns[$0] }
    }

    /// The columns a dataset MUST include.
    public var mandatoryColumns: [FocusColumnSpec] { columns.filter { $0.featureLevel == .mandatory } }

    /// The ServiceSubcategory values allowed under `category` (empty when unknown or before 1.1).
    public func serviceSubcategories(of category: String) -> Set<String> {
        Set(serviceSubcategoryParents.lazy.filter { $0.value == category }.map(\.key))
    }

    /// Whether `name` is a custom column: FOCUS reserves the `x_` prefix for columns a data generator adds.
    public static func isCustomColumn(_ name: String) -> Bool { name.hasPrefix("x_") }

    /// The schema of `dataset` in `version`; `nil` when the dataset does not exist in that version (Contract
    /// Commitment before 1.3).
    public static func schema(_ version: FocusVersion, dataset: FocusDataset = .costAndUsage) -> FocusSchema? {
        registry.first { $0.version == version && $0.dataset == dataset }
    }

    /// Every known schema, oldest first, Cost and Usage before Contract Commitment within a version.
    public static var all: [FocusSchema] { registry }

    private static let registry: [FocusSchema] = {
        let costAndUsage1_0 = CostAndUsage1_0.columns
        let costAndUsage1_1 = CostAndUsage1_1.delta.applied(to: costAndUsage1_0, version: .v1_1)
        let costAndUsage1_2 = CostAndUsage1_2.delta.applied(to: costAndUsage1_1, version: .v1_2)
        let costAndUsage1_3 = CostAndUsage1_3.delta.applied(to: costAndUsage1_2, version: .v1_3)
        return [
            FocusSchema(version: .v1_0, dataset: .costAndUsage, columns: costAndUsage1_0),
            FocusSchema(version: .v1_1, dataset: .costAndUsage, columns: costAndUsage1_1),
            FocusSchema(version: .v1_2, dataset: .costAndUsage, columns: costAndUsage1_2),
            FocusSchema(version: .v1_3, dataset: .costAndUsage, columns: costAndUsage1_3),
            FocusSchema(version: .v1_3, dataset: .contractCommitment, columns: ContractCommitment1_3.columns),
        ]
    }()
}
