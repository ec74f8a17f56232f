import FinOpsAPI
import KubeClient
import KubeCore
import KubeRuntime

/// Reconciles a referenced configuration kind (DatabaseConfig, ProviderConfig, ResourceConfig, MetricConfig):
/// validates its spec, checks what it references, and reports the outcome as `Ready` on its status.
///
/// These kinds have no children; their reconcile is one evaluation and at most one status write. Everything the
/// evaluation looked at is recorded in the tracker, so creating a missing Secret or config makes the object Ready
/// without delay and without polling.
public struct ConfigReconciler<Object: HasStatus>: Reconciler where Object.Status == ConditionsStatus {
    /// The outcome of evaluating one object.
    public struct Evaluation: Sendable {
        public var invalid: SpecError?
        public var check = ReferenceCheck()
        /// A check against the outside world (a database connection), run only when the spec is valid and every
        /// reference exists; its outcome is the `Ready` condition.
        public var probe: (@Sendable () async -> Probe)?
        public init() {}
    }

    /// The outcome of ``Evaluation/probe``; the object is looked at again after ``recheckAfter``.
    public struct Probe: Sendable {
        public var ready: Bool
        public var reason: String
        public var message: String
        public var recheckAfter: Duration

        public init(ready: Bool, reason: String, message: String, recheckAfter: Duration) {
            self.ready = ready
            self.reason = reason
            self.message = message
            self.recheckAfter = recheckAfter
        }
    }

    let api: any KubeAPI
    let store: Store<Object>
    let caches: FinOpsCaches
    let tracker: DependencyTracker
    let events: EventRecorder
    let clock: AnyClock
    let evaluate: @Sendable (Object, FinOpsCaches) -> Evaluation

    public init(
        api: any KubeAPI, store: Store<Object>, caches: FinOpsCaches, tracker: DependencyTracker, events: EventRecorder,
        clock: AnyClock, evaluate: @escaping @Sendable (Object, FinOpsCaches) -> Evaluation
    ) {
        self.api = api
        self.store = store
        self.caches = caches
        self.tracker = tracker
        self.events = events
        self.clock = clock
        self.evaluate = evaluate
    }

    public func reconcile(_ key: ObjectKey, context: ReconcileContext) async throws -> ReconcileAction {
        guard let object = store.get(key), !object.metadata.isBeingDeleted else {
            tracker.forget(key)
            return .done
        }
        let evaluation = evaluate(object, caches)
        tracker.record(key, dependsOn: evaluation.check.dependencies)

        var status = object.status ?? ConditionsStatus()
        let previous = status.conditions[type: ConditionType.ready]
        status.observedGeneration = object.metadata.generation
        let ready: Condition
        var action = ReconcileAction.done
        if let invalid = evaluation.invalid {
            ready = Condition(
                type: ConditionType.ready, status: .false, reason: ConditionReason.invalidSpec,
                message: "The spec is invalid: \(invalid.message)")
        } else if let problem = evaluation.check.problems.first {
            ready = Condition(
                type: ConditionType.ready, status: .false, reason: problem.reason,
                message: evaluation.check.problems.map(\.description).joined(separator: " "))
        } else if let probe = await evaluation.probe?() {
            ready = Condition(
                type: ConditionType.ready, status: probe.ready ? .true : .false, reason: probe.reason,
                message: probe.message)
            action = .requeue(after: probe.recheckAfter)
        } else {
            ready = Condition(
                type: ConditionType.ready, status: .true, reason: ConditionReason.referencesResolved,
                message: "The spec is valid and everything it references exists.")
        }
        var withGeneration = ready
        withGeneration.observedGeneration = object.metadata.generation
        status.conditions.set(withGeneration, now: clock.wallNow())

        if try await api.updateStatus(of: object, to: status),
            previous?.status != ready.status || previous?.reason != ready.reason
        {
            await events.record(
                object, ready.status == .true ? .normal : .warning, reason: ready.reason, message: ready.message)
        }
        if let invalid = evaluation.invalid {
            throw TerminalError(reason: ConditionReason.invalidSpec, message: invalid.message)
        }
        return action
    }
}
