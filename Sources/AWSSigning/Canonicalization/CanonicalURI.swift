/// The `CanonicalURI` line of a SigV4 canonical request, from the path as it is sent (percent-encoded).
///
/// AWS has two rules (and botocore follows them; the tests cross-check):
/// - **S3** signs the path as sent, encoded once: an existing `%XX` stays (hex upper-cased), any byte that should
///   have been encoded is encoded, and the path is not normalised (`a//b/../c` is a valid key).
/// - **Every other service** first removes `.`/`..` segments and empty segments (`//`), then URI-encodes each
///   segment of the already-encoded path again, so `%20` becomes `%2520` ("encode twice").
enum CanonicalURI {
    /// The canonical form of `path` (the part of the URL before `?`); an empty path is `/`.
    static func make(path: Substring, s3Rules: Bool) -> String {
        if path.isEmpty { return "/" }
        if s3Rules { return SigV4PercentEncoding.normalize(path, keepingSlashes: true) }
        return SigV4PercentEncoding.encode(removingDotSegments(path), keepingSlashes: true)
    }

    /// RFC 3986 §5.2.4 dot-segment removal, plus the removal of empty segments AWS requires. Keeps a leading
    /// slash, and a trailing one when anything remains.
    static func removingDotSegments(_ path: Substring) -> String {
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if !output.isEmpty { output.removeLast() }
            default: output.append(segment)
            }
        }
        let leading = path.first == "/" ? "/" : ""
        let trailing = path.last == "/" && !output.isEmpty ? "/" : ""
        return leading + output.joined(separator: "/") + trailing
    }
}
