import KubeRuntime
import Testing

@Suite struct BackoffTests {
    @Test func delaysDoubleUpToTheMaximum() {
        let backoff = Backoff(initial: .seconds(1), maximum: .seconds(300), factor: 2, jitter: 0.1)
        let table = (1...11).map { backoff.delay(attempt: $0).seconds }
        #expect(table == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300])
    }

    @Test func jitterSpreadsAroundTheDelay() {
        let backoff = Backoff(initial: .seconds(10), maximum: .seconds(10), jitter: 0.1)
        #expect(backoff.delay(attempt: 1, unit: 0).seconds == 9)
        #expect(abs(backoff.delay(attempt: 1, unit: 0.999_999).seconds - 11) < 0.001)
    }
}
