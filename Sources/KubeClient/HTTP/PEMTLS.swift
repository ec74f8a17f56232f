import Foundation
import NIOSSL

/// NIOSSL client configurations from PEM material: for a ``KubeConfig``, and for any HTTPS endpoint described the
/// kubeconfig way (cost sources use Krateo's endpoint Secrets, which hold the same fields).
///
/// Guarantees:
/// - With a CA, *only* that CA is trusted (client-go does the same); without one, the system roots are.
/// - A client certificate and key are parsed here, once, so that a bad PEM fails before the first handshake with a
///   ``KubeError/Code/configuration`` error. EC (SEC1 `EC PRIVATE KEY`), RSA (PKCS#1 `RSA PRIVATE KEY`) and PKCS#8
///   (`PRIVATE KEY`) keys are accepted; errors never quote a key.
/// - Insecure mode turns certificate verification off entirely and is refused together with a CA, as client-go
///   refuses it ("specifying a root certificates file with the insecure flag is not allowed").
public enum PEMTLS {
    static func configuration(for config: KubeConfig) throws -> TLSConfiguration {
        try clientConfiguration(
            certificateAuthority: config.certificateAuthority.map(Array.init),
            clientCertificate: config.clientCertificate.map(Array.init), clientKey: config.clientKey.map(Array.init),
            insecure: config.insecureSkipTLSVerify, origin: config.origin)
    }

    /// A client configuration; `origin` names where the material came from, for error messages.
    public static func clientConfiguration(
        certificateAuthority: [UInt8]?, clientCertificate: [UInt8]?, clientKey: [UInt8]?, insecure: Bool,
        origin: String
    ) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if insecure {
            guard certificateAuthority == nil else {
                throw KubeError(
                    code: .configuration,
                    message: "\(origin): a certificate authority and insecure-skip-tls-verify cannot be combined")
            }
            tls.certificateVerification = .none
        }
        if let ca = certificateAuthority {
            tls.trustRoots = .certificates(try certificates(ca, what: "certificate authority", origin: origin))
        }
        switch (clientCertificate, clientKey) {
        case (let certificate?, let key?):
            tls.certificateChain = try certificates(certificate, what: "client certificate", origin: origin)
                .map { .certificate($0) }
            tls.privateKey = .privateKey(try privateKey(key, origin: origin))
        case (nil, nil):
            break
        default:
            throw KubeError(
                code: .configuration, message: "\(origin): a client certificate needs a client key and vice versa")
        }
        return tls
    }

    /// Every certificate in a PEM bundle; at least one.
    static func certificates(_ pem: [UInt8], what: String, origin: String) throws -> [NIOSSLCertificate] {
        let parsed: [NIOSSLCertificate]
        do {
            parsed = try NIOSSLCertificate.fromPEMBytes(pem)
        } catch {
            throw KubeError(code: .configuration, message: "\(origin): the \(what) is not valid PEM (\(error))")
        }
        guard !parsed.isEmpty else {
            throw KubeError(code: .configuration, message: "\(origin): the \(what) contains no PEM certificate")
        }
        return parsed
    }

    /// A PEM private key. The error never quotes the key.
    static func privateKey(_ pem: [UInt8], origin: String) throws -> NIOSSLPrivateKey {
        struct EncryptedKey: Error {}
        do {
            // Without a passphrase callback BoringSSL would prompt on stdin for an encrypted key: refuse instead.
            let refusePassphrase: NIOSSLPassphraseCallback<[UInt8]> = { _ in throw EncryptedKey() }
            return try NIOSSLPrivateKey(bytes: pem, format: .pem, passphraseCallback: refusePassphrase)
        } catch {
            throw KubeError(
                code: .configuration,
                message: "\(origin): the client key is not an unencrypted PEM private key (EC, RSA or PKCS#8)")
        }
    }
}
