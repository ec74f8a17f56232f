/// The bytes of an upload not sent yet, cut into parts of ``partSize``.
///
/// A part is cut only while *more* than one part's worth is pending, so an object of at most ``partSize`` bytes is
/// never cut (it goes in a single PUT) and the last part of a multipart upload is never empty.
struct S3PartBuffer: Sendable {
    /// The size of every part but the last.
    let partSize: Int
    /// Bytes written and not cut yet.
    private(set) var pending: [UInt8] = []
    /// Bytes written in all.
    private(set) var totalBytes = 0
    /// Parts cut so far.
    private(set) var partsCut = 0

    init(partSize: Int) {
        self.partSize = partSize
    }

    /// Adds `bytes` after the pending ones.
    mutating func append(_ bytes: [UInt8]) {
        pending.append(contentsOf: bytes)
        totalBytes += bytes.count
    }

    /// The next full part, when more than one part's worth is pending.
    mutating func takeFullPart() -> [UInt8]? {
        guard pending.count > partSize else { return nil }
        let part = Array(pending[..<partSize])
        pending.removeFirst(partSize)
        partsCut += 1
        return part
    }

    /// Everything pending (the whole object when no part was cut, else the last part).
    mutating func takeRest() -> [UInt8] {
        defer { pending = [] }
        return pending
    }

    /// Drops everything pending.
    mutating func discard() {
        pending = []
    }
}
