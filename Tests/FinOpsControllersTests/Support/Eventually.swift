import Testing

/// Thrown when a wait gives up; the test has already recorded an issue saying what it waited for.
struct WaitTimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Yields until `condition` holds.
///
/// Not a delay: the loop only hands the thread to the controllers' tasks between checks, so a passing test moves on
/// the moment the state is there. `limit` of wall time is a safety net that turns a broken controller into a
/// failure instead of a hang; it is generous because tests run in parallel on few cores.
func eventually(
    _ what: @autoclosure () -> String, limit: Duration = .seconds(60),
    sourceLocation: SourceLocation = #_sourceLocation, _ condition: () throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + limit
    while try !condition() {
        if ContinuousClock.now >= deadline {
            let description = "timed out waiting until \(what())"
            Issue.record(Comment(rawValue: description), sourceLocation: sourceLocation)
            throw WaitTimedOut(description: description)
        }
        await Task.yield()
    }
}
