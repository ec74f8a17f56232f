import Testing

@testable import AWSSigning

@Suite struct CredentialsRedactionTests {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE", secretAccessKey: "SUPERSECRETKEY", sessionToken: "SESSIONTOKENVALUE")

    @Test func printedFormsNeverContainTheSecretOrToken() {
        var dumped = ""
        dump(Self.credentials, to: &dumped)
        let printed = [
            Self.credentials.description, Self.credentials.debugDescription, "\(Self.credentials)",
            String(describing: Self.credentials), String(reflecting: Self.credentials), dumped,
            "\([Self.credentials])", "\(Optional(Self.credentials) as Any)",
        ]
        for text in printed {
            #expect(!text.contains("SUPERSECRETKEY"), "\(text)")
            #expect(!text.contains("SESSIONTOKENVALUE"), "\(text)")
            #expect(text.contains("AKIDEXAMPLE"), "\(text)")
        }
    }

    @Test func absentTokenIsShownAsNil() {
        let credentials = AWSCredentials(accessKeyID: "AKID", secretAccessKey: "s")
        #expect(
            credentials.description
                == "AWSCredentials(accessKeyID: AKID, secretAccessKey: <redacted>, sessionToken: nil)")
    }
}
