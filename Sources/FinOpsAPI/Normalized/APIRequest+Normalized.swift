import Foundation
import KubeCore

extension APIRequest {
    /// The methods a request may use; anything else is more likely a typo than a real need.
    static let supportedMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    /// This request with defaults applied: method `GET`, empty path, headers split into name and value, the payload
    /// as body text, and the endpoint Secret's namespace filled in.
    ///
    /// `field` is the request's path in the object (e.g. `spec.exporterConfig.api`); problems are appended to
    /// `errors`. `variables` are the additional variables that `<name>` placeholders in ``path`` refer to.
    func normalized(
        field: String, defaultNamespace: String, variables: [String: String], variablesField: String,
        errors: inout FieldErrors
    ) -> HTTPRequestTemplate {
        let path = self.path ?? ""
        SpecRules.checkPlaceholders(
            in: path, field: "\(field).path", variables: variables, variablesField: variablesField, errors: &errors)

        var method = "GET"
        if let verb = verb.nonEmpty {
            method = verb.uppercased()
            if !Self.supportedMethods.contains(method) {
                errors.notSupported(
                    "\(field).verb",
                    "\"\(verb)\" is not a supported HTTP method; use one of "
                        + Self.supportedMethods.joined(separator: ", ") + ".")
            }
        }

        var fields: [HTTPHeaderField] = []
        for (index, header) in (headers ?? []).enumerated() {
            guard let colon = header.firstIndex(of: ":"),
                !header[..<colon].trimmingCharacters(in: .whitespaces).isEmpty
            else {
                errors.invalid(
                    "\(field).headers[\(index)]", "Write each header as \"Name: value\", e.g. \"Accept: text/csv\".")
                continue
            }
            fields.append(
                HTTPHeaderField(
                    name: header[..<colon].trimmingCharacters(in: .whitespaces),
                    value: header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }

        var endpoint: ObjectKey?
        if let endpointRef {
            endpoint = SpecRules.reference(
                endpointRef, field: "\(field).endpointRef", defaultNamespace: defaultNamespace,
                what: "Secret holding the endpoint's server-url", errors: &errors)
        }
        return HTTPRequestTemplate(
            path: path, method: method, headers: fields, body: Self.bodyText(payload), endpoint: endpoint)
    }

    /// A string payload as is; `null` as no body; any other JSON value serialized with sorted keys.
    static func bodyText(_ payload: JSONValue?) -> String? {
        switch payload {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let value?: return (try? KubeJSON.encode(value)).map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
