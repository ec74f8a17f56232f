/// Loads of one SQLite file in this process take turns, in the order they asked.
///
/// SQLite has one writer at a time, and a load holds the write lock while it streams its rows in, so several
/// pipelines loading into one embedded database (the usual `make demo` and local-mode setup) would otherwise race
/// for the lock and fail once `busy_timeout` runs out. Waiting here has no time limit; other processes writing the
/// same file are still handled by `busy_timeout`.
actor SQLiteFileTurns {
    static let shared = SQLiteFileTurns()

    private var taken: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Returns when it is the caller's turn on `path`; call ``release(_:)`` when done.
    func acquire(_ path: String) async {
        guard taken.contains(path) else {
            taken.insert(path)
            return
        }
        await withCheckedContinuation { waiting[path, default: []].append($0) }
    }

    /// Hands the turn on `path` to the next caller waiting, if any.
    func release(_ path: String) {
        if var queue = waiting[path], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[path] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            taken.remove(path)
        }
    }

    /// Runs `body` in `path`'s turn.
    static func withTurn<T>(
        on path: String, _ body: () async throws(DatabaseError) -> T
    ) async throws(DatabaseError) -> T {
        await shared.acquire(path)
        do {
            let result = try await body()
            await shared.release(path)
            return result
        } catch {
            await shared.release(path)
            throw error
        }
    }
}
