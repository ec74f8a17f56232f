import KubeCore

/// Checks shared by the normalization and validation of several kinds. Each appends the problems it finds to
/// `errors` and returns the best value it can, so that one pass reports everything.
enum SpecRules {
    // MARK: - Polling interval

    /// The polling interval from a Go-duration `pollingInterval` (which wins) or an integer `pollingIntervalHours`,
    /// or ``NormalizedExporterScraper/defaultPollingInterval`` when neither is set.
    ///
    /// `parent` is the path of the object holding both fields, e.g. `spec.exporterConfig`.
    static func pollingInterval(text: String?, hours: Int?, parent: String, errors: inout FieldErrors) -> Duration {
        let fallback = NormalizedExporterScraper.defaultPollingInterval
        if let text = text.nonEmpty {
            let field = "\(parent).pollingInterval"
            guard let duration = GoDuration.parse(text) else {
                errors.invalid(
                    field,
                    "\"\(text)\" is not a duration; write it as a number with a unit, such as 1h, 30m, 1h30m or 90s "
                        + "(units: ns, us, ms, s, m, h).")
                return fallback
            }
            guard duration > .zero else {
                errors.invalid(field, "The polling interval must be longer than zero; use for example 1h.")
                return fallback
            }
            return duration
        }
        if let hours {
            let field = "\(parent).pollingIntervalHours"
            guard hours > 0 else {
                errors.invalid(
                    field,
                    "pollingIntervalHours must be at least 1; for shorter intervals use pollingInterval, e.g. 30m.")
                return fallback
            }
            // A century is far beyond any sensible interval and keeps the product inside Int64 nanoseconds.
            guard hours <= 876_000 else {
                errors.invalid(field, "pollingIntervalHours is too large; use at most 876000 (100 years).")
                return fallback
            }
            return .seconds(Int64(hours) * 3600)
        }
        return fallback
    }

    // MARK: - References

    /// The key of a required reference, or `nil` (with an error) when it or its name is missing.
    static func requiredReference(
        _ ref: ObjectRef?, field: String, defaultNamespace: String, what: String, errors: inout FieldErrors
    ) -> ObjectKey? {
        guard let ref else {
            errors.required(field, "Set \(field).name to the \(what) to use.")
            return nil
        }
        return reference(ref, field: field, defaultNamespace: defaultNamespace, what: what, errors: &errors)
    }

    /// The key of a reference that is present, or `nil` (with an error) when its name is empty.
    static func reference(
        _ ref: ObjectRef, field: String, defaultNamespace: String, what: String, errors: inout FieldErrors
    ) -> ObjectKey? {
        guard !ref.name.isEmpty else {
            errors.required("\(field).name", "Set the name of the \(what).")
            return nil
        }
        return ref.resolved(defaultNamespace: defaultNamespace)
    }

    // MARK: - Names

    /// Whether `name` is a plain SQL identifier: a letter or `_`, then letters, digits or `_`, 63 at most (the
    /// PostgreSQL limit), so that it never needs quoting.
    static func isSQLIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63, first.isASCIILetter || first == UInt8(ascii: "_") else {
            return false
        }
        return bytes.allSatisfy { $0.isASCIILetter || $0.isASCIIDigit || $0 == UInt8(ascii: "_") }
    }

    // MARK: - Placeholders and URLs

    /// Reports every placeholder of `text` that `variables` does not define.
    static func checkPlaceholders(
        in text: String, field: String, variables: [String: String], variablesField: String,
        errors: inout FieldErrors
    ) {
        for name in SourceVariables.placeholders(in: text) where variables[name] == nil {
            errors.invalid(field, "The placeholder <\(name)> has no value; add \(name) to \(variablesField).")
        }
    }

    /// Checks an older-shape URL: `http(s)://…`, or starting with a placeholder that supplies the scheme.
    static func checkURL(_ url: String, field: String, errors: inout FieldErrors) {
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || url.hasPrefix("<") else {
            errors.invalid(field, "\"\(url)\" is not an http:// or https:// URL.")
            return
        }
    }
}

extension UInt8 {
    var isASCIILetter: Bool {
        (self >= UInt8(ascii: "a") && self <= UInt8(ascii: "z"))
            || (self >= UInt8(ascii: "A") && self <= UInt8(ascii: "Z"))
    }
}
