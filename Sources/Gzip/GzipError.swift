/// Why compressed input could not be decompressed. Branch on ``code``; the message is for people.
public struct GzipError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; branch on this.
    public enum Code: String, Sendable, Hashable {
        /// Not gzip (or zlib/raw DEFLATE, as configured), or damaged: a bad header, an invalid block, a CRC or
        /// length mismatch, bytes after the end of a zlib or raw stream.
        case corrupt
        /// The input ended inside a member, or there was no input at all.
        case truncated
        /// The output would exceed the decompressor's limit (a decompression bomb, or simply too large).
        case tooLarge
        /// zlib could not get memory.
        case outOfMemory
    }

    /// What went wrong.
    public var code: Code
    /// A sentence for people (zlib's own reason where it gives one).
    public var message: String

    /// An error with its code and message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
