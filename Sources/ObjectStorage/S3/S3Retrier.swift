import Logging

/// The retry loop shared by S3 and STS requests: one attempt, a verdict, a wait from the policy, again.
///
/// Waiting goes through the injected clock, so tests run every retry without sleeping. Cancellation ends the loop
/// at once with `CancellationError`.
struct S3Retrier: Sendable {
    var policy: S3RetryPolicy
    var clock: any Clock<Duration>
    /// A number in 0..<1 for the jitter (injected so tests see exact waits).
    var random: @Sendable () -> Double
    var logger: Logger

    /// Calls `attempt` (with the attempt number, from 1) until `judge` (given the answer and the attempt number)
    /// accepts an answer, the verdict is `.fail`, or the attempts run out. A transport failure (any error but the two
    /// below) is judged by ``S3FailureClassifier``; an ``ObjectStoreError`` thrown by `attempt` (e.g. from a
    /// credentials provider) and `CancellationError` end the loop as they are.
    ///
    /// Every error passes through `redact` before it is logged or thrown, so the caller can remove the secrets of
    /// the attempt that produced it.
    func run(
        _ operation: String, attempt: (Int) async throws -> S3HTTPResponse,
        judge: (S3HTTPResponse, Int) -> S3AttemptVerdict, redact: (String) -> String = { $0 }
    ) async throws -> S3HTTPResponse {
        var attemptNumber = 1
        while true {
            try Task.checkCancellation()
            let verdict: S3AttemptVerdict
            var response: S3HTTPResponse?
            do {
                let answer = try await attempt(attemptNumber)
                response = answer
                verdict = judge(answer, attemptNumber)
            } catch let failure as S3TransportError {
                verdict = S3FailureClassifier.classify(failure, operation: operation)
            } catch let error as ObjectStoreError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // A transport that throws its own errors: no answer came, like an S3TransportError.
                if Task.isCancelled { throw CancellationError() }
                verdict = S3FailureClassifier.classify(S3TransportError("\(error)"), operation: operation)
            }
            switch verdict {
            case .success:
                if let response { return response }
                throw ObjectStoreError(.rejected, "\(operation) failed: no answer.")
            case .fail(var error):
                error.message = redact(error.message)
                throw error
            case .retry(var error):
                error.message = redact(error.message)
                guard attemptNumber < policy.maximumAttempts else {
                    var exhausted = error
                    if policy.maximumAttempts > 1 {
                        exhausted.message += " Gave up after \(policy.maximumAttempts) attempts."
                    }
                    throw exhausted
                }
                attemptNumber += 1
                let delay = policy.delay(beforeAttempt: attemptNumber, random: random())
                logger.notice(
                    "S3 request failed, retrying",
                    metadata: [
                        "s3.operation": "\(operation)", "s3.attempt": "\(attemptNumber)", "s3.delay": "\(delay)",
                        "error": "\(error.message)",
                    ])
                let clock = self.clock
                try await clock.sleep(for: delay)
            }
        }
    }
}
