/// The percent-encoding SigV4 uses everywhere (RFC 3986): every byte except the unreserved characters
/// `A-Z a-z 0-9 - . _ ~` becomes `%XX` with upper-case hex digits.
///
/// Use ``encode(_:keepingSlashes:)`` to build the path of an S3 object key (`keepingSlashes: true`) or a query
/// parameter (`false`) before signing, so the bytes sent are the bytes signed.
public enum SigV4PercentEncoding {
    /// `string` percent-encoded byte by byte (UTF-8); `/` stays literal when `keepingSlashes` is true.
    public static func encode(_ string: String, keepingSlashes: Bool = false) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) || (keepingSlashes && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                appendEscape(byte, to: &output)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Re-encodes text that is meant to be percent-encoded already: a valid `%XX` is kept (hex made upper case;
    /// an escaped unreserved character such as `%7E` becomes `~`), unreserved bytes (and `/` when
    /// `keepingSlashes`) stay, every other byte is encoded, including a `%` that does not start a valid escape.
    /// Already-canonical input comes back unchanged.
    static func normalize(_ text: Substring, keepingSlashes: Bool) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                let decoded = high << 4 | low
                // An escaped unreserved character is the character itself (RFC 3986 §6.2.2.2).
                if isUnreserved(decoded) { output.append(decoded) } else { appendEscape(decoded, to: &output) }
                index += 3
                continue
            }
            if isUnreserved(byte) || (keepingSlashes && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                appendEscape(byte, to: &output)
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// RFC 3986 unreserved: `A-Z a-z 0-9 - . _ ~`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "%"))
        output.append(hexDigits[Int(byte >> 4)])
        output.append(hexDigits[Int(byte & 0x0F)])
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
