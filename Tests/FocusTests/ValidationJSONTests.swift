import Focus
import Testing

/// JSON columns are checked by a syntax scanner; these cases pin its grammar through the validator.
@Suite struct ValidationJSONTests {
    private func isAccepted(_ json: String) throws -> Bool {
        var validator = FocusValidator(schema: try #require(FocusSchema.schema(.v1_3)))
        validator.validate(makeBatch(columns: ["Tags"], rows: [["Tags": json]]))
        return validator.report().count(of: .invalidJSON) == 0
    }

    @Test(arguments: [
        "{}", #"{"a":"b"}"#, #" { "a" : [ 1 , -2.5e+3 , 0.0 , true , false , null ] } "#,
        #"{"esc":"\" \\ \/ \b \f \n \r \t \u00e9"}"#, #"{"nested":{"deep":{"deeper":{}}}}"#, #"{"é":"€"}"#,
    ])
    func acceptsObjects(json: String) throws {
        #expect(try isAccepted(json))
    }

    @Test(arguments: [
        "", "{", "}", "[]", "1", #""text""#, "null", #"{"a"}"#, #"{"a":}"#, #"{"a":1,}"#, #"{a:1}"#, #"{'a':1}"#,
        #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#, #"{"a":+1}"#, #"{"a":tru}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#,
        "{\"a\":\"line\nbreak\"}", #"{"a":1} {}"#, #"{"a":NaN}"#,
    ])
    func rejectsEverythingElse(json: String) throws {
        #expect(try !isAccepted(json))
    }

    @Test func rejectsNestingDeeperThanTheLimitWithoutRecursingIntoIt() throws {
        let deep = #"{"a":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(try !isAccepted(deep))
        let shallow = #"{"a":"# + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "}"
        #expect(try isAccepted(shallow))
    }
}
