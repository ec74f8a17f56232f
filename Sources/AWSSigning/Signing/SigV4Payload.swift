import Crypto

/// What the signature says about the request body (the last line of the canonical request).
public enum SigV4Payload: Sendable, Hashable {
    /// The body itself; its SHA-256 is computed here.
    case bytes([UInt8])
    /// The lower-case hex SHA-256 of the body, computed by the caller (e.g. while streaming a file).
    case sha256Hex(String)
    /// `UNSIGNED-PAYLOAD`: the body is not covered by the signature. Only S3 accepts this, and only over HTTPS.
    case unsigned

    /// An empty body (the SHA-256 of no bytes).
    public static let empty = SigV4Payload.sha256Hex(SigV4Hex.sha256(of: []))

    /// The text that goes into the canonical request and `X-Amz-Content-Sha256`.
    var hashText: String {
        switch self {
        case .bytes(let bytes): return SigV4Hex.sha256(of: bytes)
        case .sha256Hex(let hex): return CanonicalHeaders.lowercased(hex)
        case .unsigned: return "UNSIGNED-PAYLOAD"
        }
    }
}

/// Lower-case hex of digests and MACs.
enum SigV4Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Lower-case hex of `bytes`.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Lower-case hex SHA-256 of `bytes`.
    static func sha256(of bytes: some Sequence<UInt8>) -> String {
        encode(SHA256.hash(data: Array(bytes)))
    }
}
