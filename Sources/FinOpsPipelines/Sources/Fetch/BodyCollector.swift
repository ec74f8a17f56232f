/// Collects a (JSON) body whole, up to a limit: for answers that are decoded as one document.
struct BodyCollector: ResponseBodyConsumer {
    /// Names the answer in the error when it is too large (`A metrics answer`).
    let what: String
    var limit = 64 << 20
    var bytes: [UInt8] = []

    init(what: String, limit: Int = 64 << 20) {
        self.what = what
        self.limit = limit
    }

    mutating func begin(contentType: String?, contentEncoding: String?, name: String) throws(SourceError) {}

    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(SourceError) {
        guard bytes.count + chunk.count <= limit else {
            throw SourceError(.payload, "\(what) is larger than \(limit >> 20) MiB.")
        }
        bytes.append(contentsOf: chunk)
    }

    mutating func end() throws(SourceError) {}
}
