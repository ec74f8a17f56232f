/// Prometheus label names: validation and a deterministic mapping of arbitrary column names to valid label names.
///
/// A label name matches `[a-zA-Z_][a-zA-Z0-9_]*` and must not start with `__`, which Prometheus reserves for its
/// own labels (`__name__`, `__address__`, …).
public enum LabelName {
    /// How ``sanitize(_:style:)`` treats letter case.
    public enum Style: Sendable, Hashable {
        /// Keep the column's spelling: `BillingAccountId` stays `BillingAccountId`.
        case preserve
        /// Prometheus convention: `BillingAccountId` becomes `billing_account_id`, `x_CostCenter` becomes
        /// `x_cost_center`, `HTTPRequests` becomes `http_requests`.
        case snakeCase
    }

    /// Whether `name` is a label name a user may set (valid and not reserved).
    public static func isValid(_ name: String) -> Bool {
        var utf8 = name.utf8.makeIterator()
        guard let first = utf8.next(), NameCharacters.isLetterOrUnderscore(first) else { return false }
        var previous = first
        var index = 1
        while let byte = utf8.next() {
            guard NameCharacters.isNameCharacter(byte) else { return false }
            if index == 1 && previous == UInt8(ascii: "_") && byte == UInt8(ascii: "_") { return false }
            previous = byte
            index += 1
        }
        return true
    }

    /// A valid label name made from `text`, deterministically:
    ///
    /// 1. with ``Style/snakeCase``, word boundaries in camel case become `_` and letters become lower case;
    /// 2. every character outside `[a-zA-Z0-9_]` becomes `_` (one per character): `x_Custom-Tag` → `x_Custom_Tag`,
    ///    `Tags.env` → `Tags_env`;
    /// 3. a leading digit gets a `_` prefix (`1st` → `_1st`), empty text becomes `_`;
    /// 4. a reserved leading `__` (or longer run of underscores) is shortened to one `_`.
    ///
    /// Different texts can map to one name; ``LabelNameMapping`` reports such collisions.
    public static func sanitize(_ text: String, style: Style = .preserve) -> String {
        let source = style == .snakeCase ? snakeCased(text) : text
        var name = NameCharacters.sanitize(source, allowsColon: false)
        if name.utf8.starts(with: "__".utf8) {
            let rest = name.utf8.drop { $0 == UInt8(ascii: "_") }
            name = "_" + String(decoding: rest, as: UTF8.self)
        }
        return name
    }

    /// Camel case to snake case: a `_` goes before an upper-case letter that follows a lower-case letter or digit,
    /// or that starts a new word after an acronym (`HTTPRequests` → `http_requests`); letters become lower case.
    static func snakeCased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            let isUpper = scalar.properties.isUppercase
            if isUpper && index > 0 {
                let previous = scalars[index - 1]
                let nextIsLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
                let previousIsLowerOrDigit =
                    previous.properties.isLowercase || (previous.isASCII && previous.properties.numericType != nil)
                if previousIsLowerOrDigit || (previous.properties.isUppercase && nextIsLower) {
                    out.append("_")
                }
            }
            if isUpper {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
