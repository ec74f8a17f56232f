/// A codec refused its input: damaged or truncated data, or output larger than the caller allowed.
public struct CodecError: Error, Sendable, Hashable, CustomStringConvertible {
    public var codec: String
    public var message: String
    public init(codec: String, message: String) {
        self.codec = codec
        self.message = message
    }
    public var description: String { "\(codec): \(message)" }
}
