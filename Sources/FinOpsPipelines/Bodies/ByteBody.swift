import NIOCore

/// Any stream of body bytes under one type: what a fetch hands to a database sink, whether the bytes come from an
/// HTTP response, a file or a decompressor.
///
/// Pull-based, so the consumer sets the pace: a slow database slows the download instead of buffering it.
public struct ByteBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer
    public typealias Failure = any Error

    private let make: @Sendable () -> Iterator

    public init<Base: AsyncSequence & Sendable>(_ base: Base) where Base.Element == ByteBuffer {
        make = { Iterator(base.makeAsyncIterator()) }
    }

    public func makeAsyncIterator() -> Iterator { make() }

    public struct Iterator: AsyncIteratorProtocol {
        private let box: any IteratorBox

        init<Base: AsyncIteratorProtocol>(_ base: Base) where Base.Element == ByteBuffer {
            box = Box(base)
        }

        public mutating func next() async throws -> ByteBuffer? { try await box.next() }
    }
}

private protocol IteratorBox: AnyObject {
    func next() async throws -> ByteBuffer?
}

private final class Box<Base: AsyncIteratorProtocol>: IteratorBox where Base.Element == ByteBuffer {
    var base: Base
    init(_ base: Base) { self.base = base }
    func next() async throws -> ByteBuffer? { try await base.next() }
}
