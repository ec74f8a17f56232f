/// What to check in a stream with a given header against a given schema, worked out once before the first row.
///
/// Per column: its position, whether nulls are allowed and which value check applies. Per row: the column pairs
/// whose values must agree. Everything that needs a string or a dictionary happens here, so ``check(_:tally:)`` only
/// compares bytes.
struct ValidationPlan: Sendable {
    /// The value check of one column.
    enum ValueCheck: Sendable {
        case none, decimal, nonNegativeDecimal, dateTime, json, allowedValue, currencyCode
    }

    /// One checked column; plain data so the per-field loop copies no references.
    struct ColumnCheck: Sendable {
        /// Position in the header.
        var column: Int
        var allowsNulls: Bool
        var valueCheck: ValueCheck
        /// Index into ``matchers`` (allowed values) or ``times`` (date/times); -1 otherwise.
        var slot: Int
    }

    /// Two date/time columns where the first must be before the second.
    struct PeriodOrder: Sendable {
        var startTime: Int
        var endTime: Int
        var startColumn: Int
        var endColumn: Int
        var rule: Int
    }

    /// ServiceSubcategory must belong to the row's ServiceCategory.
    struct ServicePairing: Sendable {
        var categoryMatcher: Int
        var subcategoryMatcher: Int
        var subcategoryColumn: Int
        /// For each subcategory value index, its parent's index among the category values (-1 if unknown).
        var parentOfSubcategory: [Int]
    }

    /// `dependent` must be null when `anchor` is null; with `both`, also non-null when `anchor` is non-null.
    struct NullPairing: Sendable {
        var dependent: Int
        var anchor: Int
        var both: Bool
    }

    let schema: FocusSchema
    let header: FocusHeader
    private(set) var headerIssues: [ValidationIssue] = []
    private(set) var checks: [ColumnCheck] = []
    /// Mutable: each remembers its last match.
    var matchers: [AllowedValueMatcher] = []
    private(set) var timeCount = 0
    private(set) var periodOrders: [PeriodOrder] = []
    private(set) var servicePairing: ServicePairing?
    private(set) var nullPairings: [NullPairing] = []
    let rules: RuleSlots

    /// Tally slots of the built-in rules.
    struct RuleSlots: Sendable {
        var nullNotAllowed, invalidAllowedValue, invalidDecimal, negativeValue, invalidDateTime, dateTimeNotUTC: Int
        var invalidJSON, invalidCurrencyCode, chargePeriodOrder, billingPeriodOrder: Int
        var serviceSubcategoryMismatch, nullConsistency: Int

        init(_ tally: inout IssueTally) {
            nullNotAllowed = tally.slot(for: .nullNotAllowed)
            invalidAllowedValue = tally.slot(for: .invalidAllowedValue)
            invalidDecimal = tally.slot(for: .invalidDecimal)
            negativeValue = tally.slot(for: .negativeValue)
            invalidDateTime = tally.slot(for: .invalidDateTime)
            dateTimeNotUTC = tally.slot(for: .dateTimeNotUTC)
            invalidJSON = tally.slot(for: .invalidJSON)
            invalidCurrencyCode = tally.slot(for: .invalidCurrencyCode)
            chargePeriodOrder = tally.slot(for: .chargePeriodOrder)
            billingPeriodOrder = tally.slot(for: .billingPeriodOrder)
            serviceSubcategoryMismatch = tally.slot(for: .serviceSubcategoryMismatch)
            nullConsistency = tally.slot(for: .nullConsistency)
        }
    }

    init(schema: FocusSchema, header: FocusHeader, tally: inout IssueTally) {
        self.schema = schema
        self.header = header
        self.rules = RuleSlots(&tally)
        planHeaderIssues()
        planColumnChecks()
        planRowChecks()
    }

    // MARK: - Header

    private mutating func planHeaderIssues() {
        let where_ = "FOCUS \(schema.version) \(schema.dataset.displayName)"
        for column in schema.mandatoryColumns where !header.contains(column.name) {
            headerIssues.append(
                ValidationIssue(
                    rule: .missingMandatoryColumn, line: nil, column: column.name,
                    message: "mandatory column of \(where_) is missing"))
        }
        for name in header.names {
            if let column = schema.column(named: name) {
                if let deprecatedIn = column.deprecatedIn, deprecatedIn <= schema.version {
                    headerIssues.append(
                        ValidationIssue(
                            rule: .deprecatedColumn, line: nil, column: name,
                            message: "deprecated since FOCUS \(deprecatedIn)"))
                }
            } else if !FocusSchema.isCustomColumn(name) {
                let newer = FocusSchema.all.first { $0.dataset == schema.dataset && $0.column(named: name) != nil }
                let message =
                    if let newer, newer.version > schema.version {
                        "introduced in FOCUS \(newer.version), not part of \(where_)"
                    } else {
                        "not a column of \(where_); custom columns start with x_"
                    }
                headerIssues.append(ValidationIssue(rule: .unknownColumn, line: nil, column: name, message: message))
            }
        }
    }

    // MARK: - Columns

    private mutating func planColumnChecks() {
        for (position, name) in header.names.enumerated() {
            // A repeated name is checked once, at its first position (the reader reports the repeat).
            guard header.index(of: name) == position, let spec = schema.column(named: name) else { continue }
            var check = ColumnCheck(column: position, allowsNulls: spec.allowsNulls, valueCheck: .none, slot: -1)
            if let allowed = spec.allowedValues {
                check.valueCheck = .allowedValue
                check.slot = matchers.count
                matchers.append(AllowedValueMatcher(allowed.sorted()))
            } else {
                switch (spec.dataType, spec.valueFormat) {
                case (.decimal, .nonNegativeDecimal): check.valueCheck = .nonNegativeDecimal
                case (.decimal, _): check.valueCheck = .decimal
                case (.dateTime, _):
                    check.valueCheck = .dateTime
                    check.slot = timeCount
                    timeCount += 1
                case (.json, _): check.valueCheck = .json
                case (.string, .currencyCode): check.valueCheck = .currencyCode
                case (.string, _): check.valueCheck = .none
                }
            }
            if check.valueCheck != .none || !check.allowsNulls { checks.append(check) }
        }
    }

    // MARK: - Rows

    private mutating func planRowChecks() {
        addPeriodOrder("ChargePeriodStart", "ChargePeriodEnd", rule: rules.chargePeriodOrder)
        addPeriodOrder("BillingPeriodStart", "BillingPeriodEnd", rule: rules.billingPeriodOrder)
        if !schema.serviceSubcategoryParents.isEmpty, let category = check(named: "ServiceCategory"),
            let subcategory = check(named: "ServiceSubcategory"), category.valueCheck == .allowedValue,
            subcategory.valueCheck == .allowedValue
        {
            let categories = matchers[category.slot].values
            let parents = matchers[subcategory.slot].values.map { value in
                schema.serviceSubcategoryParents[value].flatMap { categories.firstIndex(of: $0) } ?? -1
            }
            servicePairing = ServicePairing(
                categoryMatcher: category.slot, subcategoryMatcher: subcategory.slot,
                subcategoryColumn: subcategory.column, parentOfSubcategory: parents)
        }
        // Nullability that depends on another column (the spec's "MUST be null when … is null" requirements).
        for dependent in [
            "CommitmentDiscountName", "CommitmentDiscountStatus", "CommitmentDiscountQuantity",
            "CommitmentDiscountUnit",
        ] {
            addNullPairing(dependent, anchor: "CommitmentDiscountId", both: false)
        }
        addNullPairing("CommitmentDiscountCategory", anchor: "CommitmentDiscountId", both: true)
        addNullPairing("CommitmentDiscountType", anchor: "CommitmentDiscountId", both: true)
        addNullPairing("CapacityReservationStatus", anchor: "CapacityReservationId", both: false)
        addNullPairing("PricingUnit", anchor: "PricingQuantity", both: true)
    }

    private func check(named name: String) -> ColumnCheck? {
        guard let position = header.index(of: name) else { return nil }
        return checks.first { $0.column == position }
    }

    private mutating func addPeriodOrder(_ start: String, _ end: String, rule: Int) {
        guard let start = check(named: start), let end = check(named: end), start.valueCheck == .dateTime,
            end.valueCheck == .dateTime
        else { return }
        periodOrders.append(
            PeriodOrder(
                startTime: start.slot, endTime: end.slot, startColumn: start.column, endColumn: end.column, rule: rule))
    }

    private mutating func addNullPairing(_ dependent: String, anchor: String, both: Bool) {
        guard schema.column(named: dependent) != nil, schema.column(named: anchor) != nil,
            let dependentPosition = header.index(of: dependent), let anchorPosition = header.index(of: anchor)
        else { return }
        nullPairings.append(NullPairing(dependent: dependentPosition, anchor: anchorPosition, both: both))
    }
}
