/// Krateo's tag lists (`[{"key":"env","value":"prod"}]`, Go type `TagsType`) as the JSON object FOCUS expects in
/// `Tags` (`{"env":"prod"}`).
enum KeyValueTags {
    /// The JSON object text of `entries`, in list order. A repeated key keeps its first position and takes the last
    /// value (as a map assignment would). Entries without a string `key` are dropped; every drop and repeat is
    /// logged. Values that are not strings are written as their JSON text in a string, except null, which stays
    /// null.
    static func jsonObject(from entries: [JSONNode], at path: JSONPath, log: inout ProblemLog) -> String {
        var members: [JSONObject.Member] = []
        var positions: [String: Int] = [:]
        for (index, entry) in entries.enumerated() {
            guard let key = entry["key"]?.stringValue else {
                log.add(path.appending(index: index), "tag dropped: expected {\"key\": string, \"value\": string}")
                continue
            }
            let value: JSONNode = entry["value"].flatMap { $0.fieldText.map(JSONNode.string) } ?? .null
            if let position = positions[key] {
                log.add(path.appending(index: index), "tag \"\(key)\" repeated; the last value is kept")
                members[position].value = value
            } else {
                positions[key] = members.count
                members.append(JSONObject.Member(key: key, value: value))
            }
        }
        return JSONNode.object(JSONObject(members: members)).compactJSON
    }
}
