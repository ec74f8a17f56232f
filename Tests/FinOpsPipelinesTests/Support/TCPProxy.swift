import NIOCore
import NIOPosix
import Synchronization

/// A loopback TCP proxy in front of a real server, which a test can take down and bring back: while down it closes
/// every connection it has and every new one at once (what a client sees of a server that went away).
final class TCPProxy: Sendable {
    let targetPort: Int
    private let group = MultiThreadedEventLoopGroup.singleton
    private let listener = Mutex<(any Channel)?>(nil)
    private let state = Mutex<(up: Bool, open: [any Channel])>((true, []))

    init(targetPort: Int) { self.targetPort = targetPort }

    /// Starts listening; returns the port.
    func start() async throws -> Int {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { inbound in self.accept(inbound) }
            .bind(host: "127.0.0.1", port: 0).get()
        listener.withLock { $0 = channel }
        return channel.localAddress?.port ?? 0
    }

    /// Closes every open connection and refuses new ones until ``bringUp()``.
    func takeDown() {
        let open = state.withLock { state -> [any Channel] in
            state.up = false
            defer { state.open = [] }
            return state.open
        }
        for channel in open { channel.close(promise: nil) }
    }

    func bringUp() { state.withLock { $0.up = true } }

    func stop() async {
        takeDown()
        try? await listener.withLock { $0 }?.close()
    }

    private func accept(_ inbound: any Channel) -> EventLoopFuture<Void> {
        guard state.withLock({ $0.up }) else { return inbound.close() }
        return ClientBootstrap(group: inbound.eventLoop)
            .connect(host: "127.0.0.1", port: targetPort)
            .flatMap { outbound in
                self.state.withLock { $0.open += [inbound, outbound] }
                return inbound.pipeline.addHandler(Glue(peer: outbound)).flatMap {
                    outbound.pipeline.addHandler(Glue(peer: inbound))
                }
            }
            .flatMapError { _ in inbound.close() }
    }

    /// Copies what one side reads to the other and closes both together.
    private final class Glue: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let peer: any Channel
        init(peer: any Channel) { self.peer = peer }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            peer.writeAndFlush(unwrapInboundIn(data), promise: nil)
        }

        func channelInactive(context: ChannelHandlerContext) {
            peer.close(promise: nil)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }
}
