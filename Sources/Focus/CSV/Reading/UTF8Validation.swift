/// UTF-8 checks for the reader, without allocating: an ASCII fast check eight bytes at a time, and a validator that
/// follows the Unicode well-formedness table (no overlongs, no surrogates, nothing above U+10FFFF).
///
/// The tests compare ``isValid(_:)`` with `String(validating:as:)` on random byte strings.
enum UTF8Validation {
    /// Whether every byte is below 0x80.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var index = 0
        var seen: UInt64 = 0
        while index &+ 8 <= bytes.count {
            seen |= base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        while index < bytes.count {
            seen |= UInt64(base.load(fromByteOffset: index, as: UInt8.self))
            index &+= 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }

    /// Whether `bytes` is well-formed UTF-8.
    static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var index = 0
        @inline(__always) func continuation(_ at: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            at < count && range.contains(bytes[at])
        }
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index &+= 1
                continue
            }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(index + 1) else { return false }
                index &+= 2
            case 0xE0...0xEF:
                let second: ClosedRange<UInt8> = lead == 0xE0 ? 0xA0...0xBF : lead == 0xED ? 0x80...0x9F : 0x80...0xBF
                guard continuation(index + 1, second), continuation(index + 2) else { return false }
                index &+= 3
            case 0xF0...0xF4:
                let second: ClosedRange<UInt8> = lead == 0xF0 ? 0x90...0xBF : lead == 0xF4 ? 0x80...0x8F : 0x80...0xBF
                guard continuation(index + 1, second), continuation(index + 2), continuation(index + 3) else {
                    return false
                }
                index &+= 4
            default:
                return false
            }
        }
        return true
    }
}
