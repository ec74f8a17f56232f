/// `metav1.Status`: the body the API server returns with an error (and for some successful deletes).
///
/// `reason` is the machine-readable cause (`NotFound`, `Conflict`, `AlreadyExists`, `Expired`, `Gone`, `Invalid`,
/// `Forbidden`, `Unauthorized`, …); clients branch on it and on `code`, never on `message`.
public struct APIStatus: Codable, Sendable, Hashable, Error {
    public var kind: String?
    public var apiVersion: String?
    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    public var reason: String?
    public var code: Int?
    public var details: Details?

    public struct Details: Codable, Sendable, Hashable {
        public var name: String?
        public var group: String?
        public var kind: String?
        public var causes: [Cause]?
        public init(name: String? = nil, group: String? = nil, kind: String? = nil, causes: [Cause]? = nil) {
            self.name = name
            self.group = group
            self.kind = kind
            self.causes = causes
        }
    }

    public struct Cause: Codable, Sendable, Hashable {
        public var reason: String?
        public var message: String?
        public var field: String?
        public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
            self.reason = reason
            self.message = message
            self.field = field
        }
    }

    public init(code: Int, reason: String, message: String, details: Details? = nil) {
        self.kind = "Status"
        self.apiVersion = "v1"
        self.status = "Failure"
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }
}
