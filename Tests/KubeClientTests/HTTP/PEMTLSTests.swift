import Foundation
import NIOSSL
import Testing

@testable import KubeClient

/// Building the NIOSSL configuration: CA, client certificates with each key format, insecure mode.
@Suite struct PEMTLSTests {
    static func config(
        ca: String? = nil, certificate: String? = nil, key: String? = nil, insecure: Bool = false
    ) -> KubeConfig {
        KubeConfig(
            server: URL(string: "https://127.0.0.1:6443")!, certificateAuthority: ca.map(TestPEM.data),
            clientCertificate: certificate.map(TestPEM.data), clientKey: key.map(TestPEM.data),
            insecureSkipTLSVerify: insecure, origin: "test")
    }

    /// The key formats kubeconfigs carry (named, so that test output does not print the PEM).
    enum KeyFormat: String, CaseIterable, Sendable {
        case ecSEC1, ecPKCS8, rsaPKCS1

        var certificateAndKey: (String, String) {
            switch self {
            case .ecSEC1: return (TestPEM.ecCertificate, TestPEM.ecKeySEC1)
            case .ecPKCS8: return (TestPEM.ecCertificate, TestPEM.ecKeyPKCS8)
            case .rsaPKCS1: return (TestPEM.rsaCertificate, TestPEM.rsaKeyPKCS1)
            }
        }
    }

    @Test(arguments: KeyFormat.allCases)
    func clientCertificateWithEachKeyFormatMakesAUsableContext(format: KeyFormat) throws {
        let (certificate, key) = format.certificateAndKey
        let tls = try PEMTLS.configuration(for: Self.config(certificate: certificate, key: key))
        #expect(tls.certificateChain.count == 1)
        #expect(tls.privateKey != nil)
        // Creating the context checks that the key matches the certificate.
        _ = try NIOSSLContext(configuration: tls)
    }

    @Test func aCAReplacesTheSystemRoots() throws {
        let tls = try PEMTLS.configuration(for: Self.config(ca: TestPEM.ecCertificate + "\n" + TestPEM.rsaCertificate))
        guard case .certificates(let roots) = tls.trustRoots else {
            Issue.record("expected explicit trust roots")
            return
        }
        #expect(roots.count == 2)
        #expect(tls.certificateVerification == .fullVerification)
    }

    @Test func withoutACATheDefaultRootsAreKept() throws {
        let tls = try PEMTLS.configuration(for: Self.config())
        #expect(tls.trustRoots == nil || tls.trustRoots == .default)
    }

    @Test func insecureTurnsVerificationOff() throws {
        let tls = try PEMTLS.configuration(for: Self.config(insecure: true))
        #expect(tls.certificateVerification == .none)
    }

    @Test func insecureWithACAIsRefusedAsClientGoDoes() {
        #expect(throws: KubeError.self) {
            try PEMTLS.configuration(for: Self.config(ca: TestPEM.ecCertificate, insecure: true))
        }
    }

    @Test func garbageKeyIsAConfigurationErrorThatDoesNotQuoteIt() throws {
        let key = "-----BEGIN EC PRIVATE KEY-----\nnot-a-key-secretbytes\n-----END EC PRIVATE KEY-----\n"
        let error = try #require(throws: KubeError.self) {
            try PEMTLS.configuration(for: Self.config(certificate: TestPEM.ecCertificate, key: key))
        }
        #expect(error.code == .configuration)
        #expect(!error.message.contains("secretbytes"))
    }

    @Test func encryptedKeyIsRefusedWithoutPrompting() throws {
        // Shape of an encrypted PKCS#8 key: refused by the passphrase callback instead of a prompt on stdin.
        let key =
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n"
            + "-----END ENCRYPTED PRIVATE KEY-----\n"
        #expect(throws: KubeError.self) {
            try PEMTLS.configuration(for: Self.config(certificate: TestPEM.ecCertificate, key: key))
        }
    }

    @Test func aCAWithoutCertificatesIsRejected() throws {
        let error = try #require(throws: KubeError.self) {
            try PEMTLS.configuration(for: Self.config(ca: "just text"))
        }
        #expect(error.code == .configuration)
        #expect(error.message.contains("certificate authority"))
    }
}
