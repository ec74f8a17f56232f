/// What a fetch tells the code decoding the body: the response head first, then the body in chunks as they arrive.
///
/// Sources decode while the body streams, so that a large CSV is never held whole in memory.
public protocol ResponseBodyConsumer {
    /// The head of a successful (2xx) response, or of a local file (`contentType` from the file name).
    mutating func begin(contentType: String?, contentEncoding: String?, name: String) throws(SourceError)
    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(SourceError)
    mutating func end() throws(SourceError)
}
