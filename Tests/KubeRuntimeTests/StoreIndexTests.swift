import KubeCore
import Testing

@testable import KubeRuntime

@Suite struct StoreIndexTests {
    func configMap(_ name: String, owner: String?) -> core.v1.ConfigMap {
        core.v1.ConfigMap(
            metadata: ObjectMeta(
                name: name, namespace: "ns",
                ownerReferences: owner.map {
                    [OwnerReference(apiVersion: "v1", kind: "X", name: "o", uid: $0, controller: true)]
                }))
    }

    @Test func childrenAreFoundByTheirControllerUID() {
        let store = Store<core.v1.ConfigMap>()
        store.upsert(configMap("a", owner: "u1"))
        store.upsert(configMap("b", owner: "u1"))
        store.upsert(configMap("c", owner: "u2"))
        store.upsert(configMap("d", owner: nil))
        #expect(store.controlled(by: "u1").map(\.key.name) == ["a", "b"])
        #expect(store.controlled(by: "u2").map(\.key.name) == ["c"])
    }

    @Test func indexFollowsOwnerChangesRemovalsAndRelists() {
        let store = Store<core.v1.ConfigMap>()
        store.upsert(configMap("a", owner: "u1"))
        store.upsert(configMap("a", owner: "u2"))
        #expect(store.controlled(by: "u1").isEmpty)
        #expect(store.controlled(by: "u2").count == 1)
        store.remove(ObjectKey(namespace: "ns", name: "a"))
        #expect(store.controlled(by: "u2").isEmpty)
        store.upsert(configMap("gone", owner: "u3"))
        _ = store.replace(namespace: nil, with: [configMap("fresh", owner: "u3")], markReady: true)
        #expect(store.controlled(by: "u3").map(\.key.name) == ["fresh"])
    }
}
