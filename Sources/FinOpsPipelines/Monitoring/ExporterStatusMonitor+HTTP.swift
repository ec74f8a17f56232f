import AsyncHTTPClient
import Foundation
import NIOFoundationCompat

extension ExporterStatusMonitor {
    /// Reads an exporter's `/status` over HTTP with a short timeout (the monitor asks often); a non-200 answer throws.
    public static let fetchOverHTTP: Fetch = { url in
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        guard response.status.code == 200 else { throw StatusCodeError(code: Int(response.status.code)) }
        return Data(buffer: try await response.body.collect(upTo: 1 << 20))
    }

    /// A non-200 answer from an exporter's `/status`.
    struct StatusCodeError: Error, CustomStringConvertible {
        var code: Int
        var description: String { "HTTP \(code)" }
    }
}
