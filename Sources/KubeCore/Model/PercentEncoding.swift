/// RFC 3986 percent-encoding, for names in paths and values in query strings.
public enum PercentEncoding {
    private static let hex: [Unicode.Scalar] = Array("0123456789ABCDEF".unicodeScalars)

    /// Escapes every byte except the unreserved characters (`A–Z a–z 0–9 - . _ ~`), UTF-8 first. Kubernetes names
    /// never need it, but a name taken from user input must not be able to change a path or a query.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out.unicodeScalars.append("%")
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
