// TEST-ONLY key material: throwaway self-signed certificates and keys generated for these unit tests with
// openssl (`ecparam -genkey prime256v1`, `genrsa -traditional 1024`, `pkcs8 -topk8 -nocrypt`). They protect nothing
// and must never be used outside tests.

import Foundation

enum TestPEM {
    /// Self-signed certificate of ``ecKeySEC1`` (CN=finops-test-ec).
    static let ecCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIBiTCCAS+gAwIBAgIUS6UB5002/o0ok57hqrKumdx7PZgwCgYIKoZIzj0EAwIw
        GTEXMBUGA1UEAwwOZmlub3BzLXRlc3QtZWMwIBcNMjYxMTIzMjE1MTQwWhgPMjEy
        NjEwMzAyMTUxNDBaMBkxFzAVBgNVBAMMDmZpbm9wcy10ZXN0LWVjMFkwEwYHKoZI
        zj0CAQYIKoZIzj0DAQcDQgAEzzdm/hr/ZIwO86D4OE9rH69B1kcLgnqO855zAsO6
        rr6U12MClhzf9xsuR2BYYOQEDeJB7ow7OLrb7cgBxyJCqqNTMFEwHQYDVR0OBBYE
        FGtnapBqE+yc1sK0VTkKw05gCuvdMB8GA1UdIwQYMBaAFGtnapBqE+yc1sK0VTkK
        w05gCuvdMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIgdZRGSzd4
        SA0uHz0V/drlw2ika4apC4i2aSfTPpUVFPQCIQDIguyoo1+1NehlA3BhDoVQ0Apr
        f7qcZSMZcKAlCJwg+w==
        -----END CERTIFICATE-----
        """

    /// P-256 key, SEC1 (`EC PRIVATE KEY`).
    static let ecKeySEC1 = """
        -----BEGIN EC PRIVATE KEY-----
        MHcCAQEEIIvR/EIXda1WrXnQoibRqv06TFcEbYlfqkqeySWcHB3VoAoGCCqGSM49
        AwEHoUQDQgAEzzdm/hr/ZIwO86D4OE9rH69B1kcLgnqO855zAsO6rr6U12MClhzf
        9xsuR2BYYOQEDeJB7ow7OLrb7cgBxyJCqg==
        -----END EC PRIVATE KEY-----
        """

    /// The same P-256 key as PKCS#8 (`PRIVATE KEY`).
    static let ecKeyPKCS8 = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgi9H8Qhd1rVatedCi
        JtGq/TpMVwRtiV+qSp7JJZwcHdWhRANCAATPN2b+Gv9kjA7zoPg4T2sfr0HWRwuC
        eo7znnMCw7quvpTXYwKWHN/3Gy5HYFhg5AQN4kHujDs4utvtyAHHIkKq
        -----END PRIVATE KEY-----
        """

    /// Self-signed certificate of ``rsaKeyPKCS1`` (CN=finops-test-rsa).
    static let rsaCertificate = """
        -----BEGIN CERTIFICATE-----
        MIICEjCCAXugAwIBAgIUAgdC/peTcdZ2dsllprjZswZk5YswDQYJKoZIhvcNAQEL
        BQAwGjEYMBYGA1UEAwwPZmlub3BzLXRlc3QtcnNhMCAXDTI2MTEyMzIxNTE0MFoY
        DzIxMjYxMDMwMjE1MTQwWjAaMRgwFgYDVQQDDA9maW5vcHMtdGVzdC1yc2EwgZ8w
        DQYJKoZIhvcNAQEBBQADgY0AMIGJAoGBAKOxSePqjZFro6GuAQI2qQR57USY+mox
        cABqFBvPExg+eqeafPGOSc83lx2ysdwek5zo3RrPO/xIRCiH8+vJTPMI6Y+5dUvQ
        ujb0yMbmFh/oEMWF4tTadcqRCdndO5Rt/uKfq7bdUOscEuSKxYbVpRp5reuAcDFB
        C7DAvkE6kGrLAgMBAAGjUzBRMB0GA1UdDgQWBBQ0iQKbJF2wfgvgb/EwN3HoP4bb
        UjAfBgNVHSMEGDAWgBQ0iQKbJF2wfgvgb/EwN3HoP4bbUjAPBgNVHRMBAf8EBTAD
        AQH/MA0GCSqGSIb3DQEBCwUAA4GBAFupr1bgta+fcLHjQ/eLpwgm0Z/GK0NrUVRQ
        QJaLMXAk2j9rJhBvn0FBvs9xVmVkiBr5ZGt9JJ1vC/kV6abufOoIqOORmmkkrrph
        W+zmqOvKsN23nbyMb0zTkCBvVrzp+C9mOYZSYaSwjStJWI+uxFsCK7UIV+3b61xh
        439uiVku
        -----END CERTIFICATE-----
        """

    /// RSA 1024 key, PKCS#1 (`RSA PRIVATE KEY`).
    static let rsaKeyPKCS1 = """
        -----BEGIN RSA PRIVATE KEY-----
        MIICXQIBAAKBgQCjsUnj6o2Ra6OhrgECNqkEee1EmPpqMXAAahQbzxMYPnqnmnzx
        jknPN5cdsrHcHpOc6N0azzv8SEQoh/PryUzzCOmPuXVL0Lo29MjG5hYf6BDFheLU
        2nXKkQnZ3TuUbf7in6u23VDrHBLkisWG1aUaea3rgHAxQQuwwL5BOpBqywIDAQAB
        AoGAecvBOedc3JXlk7g/oeD/04fRJhhZQsh0GKrVOXfTMlfStYB6dNU1UAyB0SQT
        uL+7f6W4VmlZrbYrmKjHsmn+aSnP61pVfD64VSVr70Ie4ZAXPhIX3epxDpyeKYh3
        /V1tmOVfhiTU+71NKJ0KZNspT2J8zb7rxDf7unOTaOawA8kCQQDZJ0AFf93Cgm52
        LJS3T/cfvys8fjet3jXIaDSuvuxA50uUCbgXLyk7oV1vwpuJMkev6jb8mnr+7fOv
        Dg8+Z+TVAkEAwPm/zWfeebYh/vAV6BQTEFp5YPBnC9lHJnFYdN02sUd07TZ4O70y
        tgEDQkkluL4CY8+O4qEWHf9MJdUxpKthHwJBAJhYewfgrxm5G/n4SNVaWouBOLoV
        6sYmMSFKSjuWYnUeT92p++b4BTt6d+ziYPAdwEFgVfdeAZA8LEvR10v244kCQFgu
        yJMYr/V2YTqag6g15DBI58aAlNY5R+YtTXq5y9BfEvODPJYv8whwlgioXHB7g6QQ
        qP6vFehHTYjMT48sMYkCQQC1iuVJFeNQEA9N95H3HFzaUkYeGeDeFZvCCv/91Mfl
        JixyJRiCHU3yXx8CFhOMnkqlO0yNmXvIIuE5egK68TKy
        -----END RSA PRIVATE KEY-----
        """

    static func data(_ pem: String) -> Data { Data(pem.utf8) }

    static func base64(_ pem: String) -> String { Data(pem.utf8).base64EncodedString() }
}
