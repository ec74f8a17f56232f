/// The `CanonicalQueryString` line of a SigV4 canonical request.
///
/// Each `name=value` pair (a pair without `=` has an empty value) is brought to RFC 3986 encoding (an existing
/// `%XX` is kept, anything else outside the unreserved set is encoded, so a literal `+` is signed as `%2B`), then
/// the pairs are sorted by encoded name and, for a repeated name, by encoded value, byte by byte.
enum CanonicalQuery {
    /// The canonical form of `query` (the part of the URL after `?`, without the `?`).
    static func make(query: Substring) -> String {
        make(pairs: parse(query))
    }

    /// Canonical form of already-split pairs (names and values percent-encoded or raw; both are normalised).
    static func make(pairs: [(name: Substring, value: Substring)]) -> String {
        let encoded = pairs.map { pair in
            (
                name: SigV4PercentEncoding.normalize(pair.name, keepingSlashes: false),
                value: SigV4PercentEncoding.normalize(pair.value, keepingSlashes: false)
            )
        }
        let sorted = encoded.sorted { lhs, rhs in
            if lhs.name != rhs.name { return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        return sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }

    /// `query` split at `&` and each piece at its first `=`; empty pieces (`a=1&&b=2`) are dropped.
    static func parse(_ query: Substring) -> [(name: Substring, value: Substring)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            if let equals = piece.firstIndex(of: "=") {
                return (name: piece[..<equals], value: piece[piece.index(after: equals)...])
            }
            return (name: piece, value: piece[piece.endIndex...])
        }
    }
}
