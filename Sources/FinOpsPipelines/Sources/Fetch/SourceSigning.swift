import AWSSigning
import Foundation

/// AWS SigV4 for sources whose endpoint Secret holds `aws-access-key`/`aws-secret-key` (e.g. a FOCUS export in an
/// S3 bucket, or an API Gateway endpoint).
enum SourceSigning {
    /// The headers to add to `request` (sent to `url`), signed at `date`, with the `Host` header that was signed.
    static func sign(
        _ request: SourceRequest, url: URL, credentials: AWSCredentials, region: String, service: String, date: Date
    ) throws(SourceError) -> [(name: String, value: String)] {
        guard let host = url.host else { throw SourceError(.configuration, "\(request.redactedURL) has no host.") }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var target = components?.percentEncodedPath ?? url.path
        if target.isEmpty { target = "/" }
        if let query = components?.percentEncodedQuery { target += "?" + query }
        let headers = [(name: "Host", value: hostHeader)] + request.headers.map { (name: $0.name, value: $0.value) }
        do {
            return try SigV4Signer(credentials: credentials, region: region, service: service)
                .sign(
                    method: request.method, url: target, headers: headers, payload: .bytes(request.body ?? []),
                    date: date
                ).headers + [(name: "Host", value: hostHeader)]
        } catch {
            throw SourceError(.configuration, "Cannot sign the request to \(request.redactedURL): \(error).")
        }
    }
}
