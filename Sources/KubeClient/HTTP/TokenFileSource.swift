import Foundation
import Synchronization

/// Supplies the bearer token of each request.
protocol BearerTokenProvider: Sendable {
    /// The token to send now, or `nil` to send no `Authorization` header.
    func token() throws -> String?
}

/// A token that never changes (kubeconfig `token`), or none.
struct StaticToken: BearerTokenProvider {
    var value: String?
    func token() -> String? { value }
}

/// A bearer token read from a file and re-read as it rotates, like client-go's cached token source.
///
/// Projected service-account tokens are rewritten by the kubelet well before they expire (by default after 80 % of
/// their one-hour lifetime), through a symlink swap. The file is re-read:
///
/// | when | why |
/// |---|---|
/// | on first use | |
/// | the file's modification time changed (symlinks followed) | a rotation is picked up on the next request |
/// | `refreshInterval` (1 minute) passed since the last read | as client-go, in case the time did not change |
///
/// Guarantees: concurrent callers share one cached token; a failed re-read keeps the last good token (the old one
/// is still valid for a while), only a failure with no token at all throws.
///
/// Caveats: a file checked once per request costs a `stat` per request; at the request rates of an operator this is
/// negligible. The clock is injected (`C`) so tests advance time instead of waiting.
final class TokenFileSource<C: Clock>: BearerTokenProvider where C.Duration == Duration {
    let path: String
    let refreshInterval: Duration
    private let clock: C
    private let state = Mutex(State())

    private struct State: Sendable {
        var token: String?
        var readAt: C.Instant?
        var modified: Date?
    }

    init(path: String, clock: C, refreshInterval: Duration = .seconds(60)) {
        self.path = path
        self.clock = clock
        self.refreshInterval = refreshInterval
    }

    func token() throws -> String? {
        try state.withLock { state in
            let now = clock.now
            let modified = modificationDate()
            let stale = state.readAt.map { $0.advanced(by: refreshInterval) <= now } ?? true
            if let token = state.token, !stale, modified == state.modified { return token }
            do {
                let token = try read()
                state = State(token: token, readAt: now, modified: modified)
                return token
            } catch {
                // Keep serving the last good token: it stays valid well past the rotation point.
                guard let token = state.token else { throw error }
                state.readAt = now
                return token
            }
        }
    }

    private func read() throws -> String {
        let data = try ConfigFiles.read(path, role: "bearer token")
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw KubeError(code: .configuration, message: "bearer token file \(path) is empty")
        }
        return token
    }

    /// The modification time of the file the path finally points at (the kubelet swaps a `..data` symlink).
    private func modificationDate() -> Date? {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return (try? FileManager.default.attributesOfItem(atPath: target))?[.modificationDate] as? Date
    }
}

extension BearerToken {
    /// The provider for this credential, on `clock`.
    func provider(clock: some Clock<Duration>) -> any BearerTokenProvider {
        switch self {
        case .value(let token): return StaticToken(value: token)
        case .file(let path): return TokenFileSource(path: path, clock: clock)
        }
    }
}
