/// A released version of the FOCUS specification that this module knows column by column.
///
/// Ordered by release, so `version >= .v1_2` reads as "has the 1.2 columns".
public enum FocusVersion: String, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    case v1_0 = "1.0"
    case v1_1 = "1.1"
    case v1_2 = "1.2"
    case v1_3 = "1.3"

    /// The newest version known here.
    public static var latest: FocusVersion { .v1_3 }

    public static func < (lhs: FocusVersion, rhs: FocusVersion) -> Bool { lhs.ordinal < rhs.ordinal }

    private var ordinal: Int {
        switch self {
        case .v1_0: 0
        case .v1_1: 1
        case .v1_2: 2
        case .v1_3: 3
        }
    }

    public var description: String { rawValue }
}

/// A FOCUS dataset: a set of columns with its own rules.
///
/// Cost and Usage is the primary dataset in every version; Contract Commitment (the terms of commitments a customer
/// agreed with a service provider) was introduced in 1.3.
public enum FocusDataset: String, CaseIterable, Sendable, CustomStringConvertible {
    case costAndUsage = "CostAndUsage"
    case contractCommitment = "ContractCommitment"

    /// The dataset's display name in the specification.
    public var displayName: String {
        switch self {
        case .costAndUsage: "Cost and Usage"
        case .contractCommitment: "Contract Commitment"
        }
    }

    /// The first version that defines the dataset.
    public var introducedIn: FocusVersion {
        switch self {
        case .costAndUsage: .v1_0
        case .contractCommitment: .v1_3
        }
    }

    public var description: String { displayName }
}
