import Foundation
import Testing

@testable import AWSSigning

@Suite struct SigningKeyTests {
    /// AWS's documented derivation example ("Examples of how to derive a signing key for Signature Version 4").
    @Test func derivedKeyMatchesAWSDocumentation() {
        let key = SigV4SigningKey.derive(
            secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", dateStamp: "20120215", region: "us-east-1",
            service: "iam")
        #expect(SigV4Hex.encode(key) == "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d")
    }

    @Test func timestampIsUTCInBothFormats() {
        let stamp = SigV4Timestamp(Date(timeIntervalSince1970: 1_440_938_160.75))
        #expect(stamp.amzDate == "20150830T123600Z")
        #expect(stamp.dateStamp == "20150830")
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: 0)).amzDate == "19700101T000000Z")
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: 951_825_600)).amzDate == "20000229T120000Z")
        #expect(SigV4Timestamp(Date(timeIntervalSince1970: -1)).amzDate == "19691231T235959Z")
    }
}
