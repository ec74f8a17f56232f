import FinOpsAPI
import Testing

@Suite struct SourceVariablesTests {
    let variables = SourceVariables(
        [
            "host": "cost.example.com", "port": "8080", "sub": "AZURE_SUBSCRIPTION", "month": "2024-01",
            "missing": "NOPE",
        ],
        environment: ["AZURE_SUBSCRIPTION": "abc-123"])

    @Test func placeholdersAreFilledFromTheVariables() throws {
        #expect(try variables.substitute("https://<host>:<port>/x") == "https://cost.example.com:8080/x")
    }

    @Test func upperCaseNamesAreReadFromTheEnvironment() throws {
        #expect(try variables.substitute("/subscriptions/<sub>/costs") == "/subscriptions/abc-123/costs")
    }

    @Test func valuesThatAreNotVariableNamesStayAsTheyAre() throws {
        // Krateo looked "8080" and "2024-01" up in the environment (they equal their upper-casing) and got "".
        #expect(try variables.substitute("<port>/<month>") == "8080/2024-01")
        #expect(SourceVariables.namesEnvironmentVariable("AZURE_SUBSCRIPTION"))
        #expect(SourceVariables.namesEnvironmentVariable("A1"))
        #expect(!SourceVariables.namesEnvironmentVariable("8080"))
        #expect(!SourceVariables.namesEnvironmentVariable("_X"))
        #expect(!SourceVariables.namesEnvironmentVariable("ABC-1"))
        #expect(!SourceVariables.namesEnvironmentVariable("Abc"))
        #expect(!SourceVariables.namesEnvironmentVariable(""))
    }

    @Test func aMissingEnvironmentVariableIsAnErrorNotAnEmptyString() {
        #expect(throws: SourceVariables.Failure.environmentVariableNotSet(name: "missing", environmentVariable: "NOPE"))
        {
            try variables.substitute("/<missing>")
        }
    }

    @Test func anUndefinedPlaceholderIsAnError() {
        #expect(throws: SourceVariables.Failure.undefined(name: "other")) { try variables.substitute("/<other>") }
    }

    @Test func textWithoutPlaceholdersIsUnchanged() throws {
        #expect(try variables.substitute("a > b") == "a > b")
        #expect(SourceVariables.placeholders(in: "<a>x<b><c") == ["a", "b"])
    }
}
