import Focus

/// Numeric text from payloads in the plain decimal notation FOCUS columns use (`-123.4500`), converted exactly
/// through ``FocusDecimal`` (never binary floating point), so cost values keep every digit the source sent.
///
/// Plain decimals keep their digits and scale (`12.50` stays `12.50`); exponents are shifted into place
/// (`1.5E-05` → `0.000015`); Kubernetes quantity suffixes are multiplied out (`500m` → `0.500`, `1.5Ki` → `1536`,
/// `27k` → `27000`), as `Quantity.AsDec().String()` printed them for Krateo. Values beyond 38 significant digits
/// are refused (`nil`), as ``FocusDecimal`` refuses them.
public enum DecimalText {
    /// Plain decimal text of a JSON number's source text (`1e3` → `1000`), or `nil` when it does not fit.
    public static func plain(jsonNumber text: String) -> String? {
        FocusDecimal(text)?.description
    }

    /// Plain decimal text of a Kubernetes `resource.Quantity` (`12.5`, `1e3`, `250m`, `2Ki`), or `nil` when `text`
    /// is not one or does not fit.
    public static func plain(quantity text: String) -> String? {
        for (suffix, scale) in suffixes where text.hasSuffix(suffix) {
            let mantissa = text.dropLast(suffix.count)
            // The mantissa of a suffixed quantity is a plain number (`1.5`, `.5`, `+2`), never with an exponent.
            guard let last = mantissa.last, last.isASCII, last.isNumber || last == ".",
                !mantissa.contains(where: { $0 == "e" || $0 == "E" }), let value = FocusDecimal(mantissa)
            else { return nil }
            if scale.binaryPower == 0 { return FocusDecimal(mantissa + "e\(scale.decimalExponent)")?.description }
            return multiplied(value, byPowerOf1024: scale.binaryPower)?.description
        }
        return FocusDecimal(text)?.description
    }

    /// Quantity suffixes, two-letter ones first so `Mi` is not read as `M` + `i`.
    private static let suffixes: [(String, (decimalExponent: Int, binaryPower: Int))] = [
        ("Ki", (0, 1)), ("Mi", (0, 2)), ("Gi", (0, 3)), ("Ti", (0, 4)), ("Pi", (0, 5)), ("Ei", (0, 6)),
        ("n", (-9, 0)), ("u", (-6, 0)), ("m", (-3, 0)), ("k", (3, 0)), ("M", (6, 0)), ("G", (9, 0)), ("T", (12, 0)),
        ("P", (15, 0)), ("E", (18, 0)),
    ]

    /// `value × 1024^power`, with trailing fraction zeros dropped (`1.5Ki` is `1536`, as Kubernetes prints it).
    private static func multiplied(_ value: FocusDecimal, byPowerOf1024 power: Int) -> FocusDecimal? {
        var significand = value.significand
        for _ in 0..<power {
            let (product, overflow) = significand.multipliedReportingOverflow(by: 1024)
            guard !overflow else { return nil }
            significand = product
        }
        var scale = value.scale
        while scale > 0, significand % 10 == 0 {
            significand /= 10
            scale -= 1
        }
        return FocusDecimal(significand: significand, scale: scale)
    }
}
