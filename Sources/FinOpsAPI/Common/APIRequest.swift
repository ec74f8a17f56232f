import KubeCore

/// An HTTP request to a service, as Krateo's `API` type describes it: a path appended to the URL held in an
/// endpoint Secret, a verb, headers and a body.
///
/// The endpoint Secret follows Krateo's endpoint convention: key `server-url` (required, e.g.
/// `https://management.azure.com`) and optionally `token`, `username`/`password`, `certificate-authority-data`,
/// `client-certificate-data`/`client-key-data`, `proxy-url`, `insecure`. Without `endpointRef`, Krateo called the
/// Kubernetes API server of its own cluster with the pod's service account, and so do we.
public struct APIRequest: Codable, Sendable, Hashable {
    /// Request path (and query) appended to the endpoint's `server-url`, e.g.
    /// `/subscriptions/<subscription_id>/providers/Microsoft.CostManagement/...`. `<name>` placeholders are filled
    /// from `additionalVariables`.
    public var path: String?
    /// HTTP method; `GET` when absent. Any case is accepted.
    public var verb: String?
    /// Extra request headers, each written `Name: value`.
    public var headers: [String]?
    /// Request body. Krateo accepted a string; a JSON object or array is accepted too and sent as JSON.
    public var payload: JSONValue?
    /// The Secret holding the endpoint's URL and credentials; absent means the in-cluster Kubernetes API.
    public var endpointRef: ObjectRef?

    /// Creates a request description.
    public init(
        path: String? = nil, verb: String? = nil, headers: [String]? = nil, payload: JSONValue? = nil,
        endpointRef: ObjectRef? = nil
    ) {
        self.path = path
        self.verb = verb
        self.headers = headers
        self.payload = payload
        self.endpointRef = endpointRef
    }
}
