import Testing

@testable import SourcePayloads

@Suite struct JSONSerializationTests {
    @Test func compactJSONRoundTrips() throws {
        let text = #"{ "a" : [ 1.50 , true , null , { } ] , "s" : "q\"\\\n\u0001é" , "a" : -0 }"#
        let node = try JSONParser.parse(text)
        let compact = node.compactJSON
        #expect(compact == #"{"a":[1.50,true,null,{}],"s":"q\"\\\n\u0001é","a":-0}"#)
        #expect(try JSONParser.parse(compact) == node)
    }

    @Test func fieldTextOfEachKind() {
        #expect(JSONNode.null.fieldText == nil)
        #expect(JSONNode.bool(false).fieldText == "false")
        #expect(JSONNode.number("1.50").fieldText == "1.50")
        #expect(JSONNode.string("x").fieldText == "x")
        #expect(JSONNode.array([.number("1"), .string("a")]).fieldText == #"[1,"a"]"#)
    }

    @Test func pathsNameKeysAndIndices() {
        let path = JSONPath.root.appending("items").appending(index: 3).appending("spec").appending("odd key")
            .appending("x_y-z").appending("9lives")
        #expect(path.description == #"$.items[3].spec["odd key"].x_y-z["9lives"]"#)
        #expect(JSONPath.root.description == "$")
    }
}
