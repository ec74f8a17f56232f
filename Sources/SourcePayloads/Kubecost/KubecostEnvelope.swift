/// The envelope both products put around a result: `{"code": 200, "data": …}`, or an error report
/// (`{"code": 400, "message": "…"}`). `data` is a list of sets (one per step; one when `accumulate=true`), each an
/// object of named items; a single set object, and OpenCost's `{"sets": [{"allocations": {…}}]}`, are accepted too.
enum KubecostEnvelope {
    /// One set's items with their paths, in response order.
    struct Item {
        var name: String
        var path: JSONPath
        /// `nil` when the item is not an object (the decoder reports it).
        var object: JSONObject?
        var node: JSONNode
    }

    /// The items of every set, or the error the response reports.
    static func items(in root: JSONNode, itemsKey: String) throws(PayloadError) -> [[Item]] {
        guard let envelope = root.objectValue else {
            throw PayloadError.wrongType(at: .root, expected: "an object with \"data\"", found: root)
        }
        if let code = envelope["code"]?.numberText, code != "200" {
            let message = envelope["message"]?.stringValue ?? envelope["error"]?.stringValue ?? "no message"
            throw PayloadError(
                .sourceReportedError, at: JSONPath.root.appending("code"), "the API answered \(code): \(message)",
                sourceErrorType: code)
        }
        guard let data = envelope["data"] else {
            throw PayloadError.missing("data", in: .root, expected: "array of sets")
        }
        let dataPath = JSONPath.root.appending("data")
        switch data {
        case .null:
            return []
        case .array(let sets):
            var result: [[Item]] = []
            for (index, set) in sets.enumerated() {
                result.append(try setItems(set, at: dataPath.appending(index: index), itemsKey: itemsKey))
            }
            return result
        case .object(let object):
            if case .array(let sets)? = object["sets"] {
                var result: [[Item]] = []
                for (index, set) in sets.enumerated() {
                    let path = dataPath.appending("sets").appending(index: index)
                    guard let items = set[itemsKey] else {
                        throw PayloadError.missing(itemsKey, in: path, expected: "object of items")
                    }
                    result.append(try setItems(items, at: path.appending(itemsKey), itemsKey: itemsKey))
                }
                return result
            }
            return [try setItems(data, at: dataPath, itemsKey: itemsKey)]
        default:
            throw PayloadError.wrongType(at: dataPath, expected: "an array of sets", found: data)
        }
    }

    private static func setItems(_ set: JSONNode, at path: JSONPath, itemsKey: String) throws(PayloadError) -> [Item] {
        switch set {
        case .null:
            return []
        case .object(let object):
            return object.members.map { member in
                Item(
                    name: member.key, path: path.appending(member.key), object: member.value.objectValue,
                    node: member.value)
            }
        default:
            throw PayloadError.wrongType(at: path, expected: "an object of named \(itemsKey)", found: set)
        }
    }
}
