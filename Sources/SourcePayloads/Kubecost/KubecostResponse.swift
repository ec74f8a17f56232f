/// Which Kubecost/OpenCost API a response came from, and the decoder for it: what a source polls and what
/// `finops-operator convert --from` reads from a saved file.
public struct KubecostResponse: Sendable, Hashable {
    /// The two APIs mapped to FOCUS.
    public enum API: String, Sendable, Hashable, CaseIterable {
        case allocation, assets
    }

    public var flavor: KubecostMappingOptions.Flavor
    public var api: API

    public init(flavor: KubecostMappingOptions.Flavor, api: API) {
        self.flavor = flavor
        self.api = api
    }

    /// `kubecost-allocation`, `opencost-assets`, …
    public var name: String { "\(flavor.rawValue)-\(api.rawValue)" }

    /// Every kind by ``name``.
    public static let all: [KubecostResponse] = KubecostMappingOptions.Flavor.allCases.flatMap { flavor in
        API.allCases.map { KubecostResponse(flavor: flavor, api: $0) }
    }

    /// The kind named `name`, if any.
    public init?(name: String) {
        guard let kind = Self.all.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    /// Decodes a response of this kind; `options.flavor` is set to ``flavor``.
    public func decode(_ bytes: some Collection<UInt8>, options: KubecostMappingOptions) throws(PayloadError)
        -> DecodedPayload
    {
        try decode(PayloadJSON.parse(bytes), options: options)
    }

    /// Decodes a parsed response of this kind; `options.flavor` is set to ``flavor``.
    public func decode(_ root: JSONNode, options: KubecostMappingOptions) throws(PayloadError) -> DecodedPayload {
        var options = options
        options.flavor = flavor
        switch api {
        case .allocation: return try KubecostAllocationDecoder(options: options).decode(root)
        case .assets: return try KubecostAssetsDecoder(options: options).decode(root)
        }
    }
}
