import KubeCore
import Testing

@Suite struct JSONValueTests {
    @Test func mergePatchMergesObjectsDeletesNullsAndReplacesArrays() {
        let doc: JSONValue = ["a": 1, "b": ["c": 2, "d": 3], "e": [1, 2]]
        let patched = doc.applyingMergePatch(["b": ["c": nil, "x": "y"], "e": [3], "f": true])
        #expect(patched == ["a": 1, "b": ["d": 3, "x": "y"], "e": [3], "f": true])
    }

    @Test func jsonPatchAddsRemovesReplacesAndTests() throws {
        let doc: JSONValue = ["metadata": ["resourceVersion": "5", "finalizers": ["a"]]]
        let patched = try doc.applying([
            .test("/metadata/resourceVersion", "5"), .add("/metadata/finalizers/-", "b"),
            .replace("/metadata/resourceVersion", "6"), .remove("/metadata/finalizers/0"),
        ])
        #expect(patched == ["metadata": ["resourceVersion": "6", "finalizers": ["b"]]])
    }

    @Test func failedTestLeavesNothingApplied() {
        let doc: JSONValue = ["metadata": ["resourceVersion": "5"]]
        #expect(throws: PatchError.self) {
            try doc.applying([.add("/x", 1), .test("/metadata/resourceVersion", "4")])
        }
    }

    @Test func pointersUnescapeSlashAndTilde() throws {
        let pointer = try JSONPointer("/metadata/labels/app.kubernetes.io~1name/a~0b")
        #expect(pointer.tokens == ["metadata", "labels", "app.kubernetes.io/name", "a~b"])
        #expect(JSONPointer.escape("a/b~c") == "a~1b~0c")
    }

    @Test func subsetIgnoresFieldsOnlyTheServerSet() {
        let live: JSONValue = [
            "spec": [
                "replicas": 1, "strategy": ["type": "RollingUpdate"], "ports": [["port": 2112, "protocol": "TCP"]],
            ]
        ]
        #expect(live.contains(subset: ["spec": ["replicas": 1, "ports": [["port": 2112.0]]]]))
        #expect(!live.contains(subset: ["spec": ["replicas": 2]]))
        #expect(!live.contains(subset: ["spec": ["ports": [["port": 2112], ["port": 9090]]]]))
        #expect(live.contains(subset: ["spec": ["labels": [:]]]), "an empty map the server dropped still matches")
    }

    @Test func keyedListsMatchByKeyAndIgnoreOtherManagersElements() {
        let live: JSONValue = [
            "ownerReferences": [["uid": "other", "kind": "X"], ["uid": "mine", "kind": "ESC", "controller": true]],
            "containers": [["name": "exporter", "image": "a:1"], ["name": "sidecar", "image": "proxy"]],
        ]
        #expect(live.contains(subset: ["ownerReferences": [["uid": "mine", "kind": "ESC"]]]))
        #expect(live.contains(subset: ["containers": [["name": "exporter", "image": "a:1"]]]))
        #expect(!live.contains(subset: ["containers": [["name": "exporter", "image": "a:2"]]]))
        #expect(!live.contains(subset: ["containers": [["name": "missing"]]]))
        // Lists without a key field stay atomic.
        #expect(!live.contains(subset: ["args": ["a"]]))
        let args: JSONValue = ["args": ["exporter", "--config", "/c"]]
        #expect(!args.contains(subset: ["args": ["exporter"]]))
    }

    @Test func integersAndDoublesRoundTripDistinctly() throws {
        let value: JSONValue = ["i": 2112, "d": 0.5, "s": "x", "n": nil, "b": false]
        #expect(try KubeJSON.decode(JSONValue.self, from: KubeJSON.encode(value)) == value)
    }
}
