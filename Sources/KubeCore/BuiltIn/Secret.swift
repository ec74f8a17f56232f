import Foundation

extension core.v1 {
    /// `v1 Secret`. Values are base64 in `data`; read them with ``value(forKey:)`` at the moment of use, and never
    /// put them in logs, events, status or metrics.
    public struct Secret: KubernetesObject, Hashable {
        public static let resource = ResourceType(group: "", version: "v1", kind: "Secret", plural: "secrets")
        public var apiVersion = Self.resource.apiVersion
        public var kind = Self.resource.kind
        public var metadata: ObjectMeta
        /// Base64-encoded values by key.
        public var data: [String: String]?
        /// Plain values by key; write-only on a real API server (merged into `data`), accepted here for fixtures.
        public var stringData: [String: String]?
        public var type: String?

        public init(metadata: ObjectMeta, data: [String: Data] = [:], type: String? = "Opaque") {
            self.metadata = metadata
            self.data = data.mapValues { $0.base64EncodedString() }
            self.type = type
        }

        /// The keys present in `data` or `stringData`.
        public var keys: Set<String> { Set((data ?? [:]).keys).union((stringData ?? [:]).keys) }

        /// The decoded value of `key`, or `nil` when absent or not valid base64.
        public func value(forKey key: String) -> Data? {
            if let plain = stringData?[key] { return Data(plain.utf8) }
            return data?[key].flatMap { Data(base64Encoded: $0) }
        }

        /// The value of `key` as UTF-8 text, without a trailing newline (files made with `echo` carry one).
        public func string(forKey key: String) -> String? {
            value(forKey: key).flatMap { String(data: $0, encoding: .utf8) }.map {
                $0.hasSuffix("\n") ? String($0.dropLast()) : $0
            }
        }
    }
}
