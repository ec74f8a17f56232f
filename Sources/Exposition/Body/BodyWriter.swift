/// Where rendered text goes: kept as it is (``IdentityBodyWriter``) or compressed as it arrives
/// (``StructuredGzipWriter``).
protocol BodyWriter: AnyObject {
    /// Text without series structure (HELP and TYPE lines).
    func write(text: UnsafeRawBufferPointer)
    /// A finished series line of the family last passed to ``beginFamily(labelCount:)``.
    func write(line: UnsafePointer<SeriesLine>)
    /// Series of a new family follow; their label indexes are `0..<labelCount`.
    func beginFamily(labelCount: Int)
    /// Ends the body: its chunks and its uncompressed size.
    func finish() -> (chunks: [[UInt8]], uncompressedCount: Int)
}
