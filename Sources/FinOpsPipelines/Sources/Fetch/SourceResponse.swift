import Foundation

/// A response while it is open (see ``SourceFetcher/open(_:_:)``): status, headers and the body still to read.
public struct SourceResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: ByteBody

    public init(status: Int, headers: [(name: String, value: String)], body: ByteBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, by case-insensitive name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
