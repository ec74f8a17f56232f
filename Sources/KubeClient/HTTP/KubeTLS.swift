import Foundation
import NIOSSL

/// The NIOSSL client configuration for a ``KubeConfig``.
///
/// Guarantees:
/// - With a CA, *only* that CA is trusted (client-go does the same); without one, the system roots are.
/// - A client certificate and key are parsed here, once, so that a bad PEM fails at start-up with a
///   ``KubeError/Code/configuration`` error instead of at the first handshake. EC (SEC1 `EC PRIVATE KEY`), RSA
///   (PKCS#1 `RSA PRIVATE KEY`) and PKCS#8 (`PRIVATE KEY`) keys are accepted.
/// - `insecureSkipTLSVerify` turns certificate verification off entirely and is refused together with a CA, as
///   client-go refuses it ("specifying a root certificates file with the insecure flag is not allowed").
enum KubeTLS {
    static func configuration(for config: KubeConfig) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        if config.insecureSkipTLSVerify {
            guard config.certificateAuthority == nil else {
                throw KubeError(
                    code: .configuration,
                    message: "\(config.origin): a certificate authority and insecure-skip-tls-verify cannot be combined"
                )
            }
            tls.certificateVerification = .none
        }
        if let ca = config.certificateAuthority {
            tls.trustRoots = .certificates(try certificates(ca, what: "certificate authority", origin: config.origin))
        }
        switch (config.clientCertificate, config.clientKey) {
        case (let certificate?, let key?):
            tls.certificateChain = try certificates(certificate, what: "client certificate", origin: config.origin)
                .map { .certificate($0) }
            tls.privateKey = .privateKey(try privateKey(key, origin: config.origin))
        case (nil, nil):
            break
        default:
            throw KubeError(
                code: .configuration,
                message: "\(config.origin): a client certificate needs a client key and vice versa")
        }
        return tls
    }

    /// Every certificate in a PEM bundle; at least one.
    static func certificates(_ pem: Data, what: String, origin: String) throws -> [NIOSSLCertificate] {
        let parsed: [NIOSSLCertificate]
        do {
            parsed = try NIOSSLCertificate.fromPEMBytes(Array(pem))
        } catch {
            throw KubeError(code: .configuration, message: "\(origin): the \(what) is not valid PEM (\(error))")
        }
        guard !parsed.isEmpty else {
            throw KubeError(code: .configuration, message: "\(origin): the \(what) contains no PEM certificate")
        }
        return parsed
    }

    /// A PEM private key. The error never quotes the key.
    static func privateKey(_ pem: Data, origin: String) throws -> NIOSSLPrivateKey {
        struct EncryptedKey: Error {}
        do {
            // Without a passphrase callback BoringSSL would prompt on stdin for an encrypted key: refuse instead.
            let refusePassphrase: NIOSSLPassphraseCallback<[UInt8]> = { _ in throw EncryptedKey() }
            return try NIOSSLPrivateKey(bytes: Array(pem), format: .pem, passphraseCallback: refusePassphrase)
        } catch {
            throw KubeError(
                code: .configuration,
                message: "\(origin): the client key is not an unencrypted PEM private key (EC, RSA or PKCS#8)")
        }
    }
}
