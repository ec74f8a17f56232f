/// The small XML documents S3 and STS answer with, read into a tree of elements.
///
/// Guarantees: element names lose their namespace prefix (`s3:Key` is `Key`); character data has the five predefined
/// entities and numeric character references decoded, and CDATA sections are kept verbatim; text is never trimmed,
/// so a key with leading or trailing spaces survives. Attributes, comments, processing instructions and the XML
/// declaration are skipped.
///
/// Caveats: not a general XML parser. A document type declaration is refused (S3 never sends one, and refusing it
/// rules out entity expansion); nesting deeper than ``maximumDepth`` is refused.
struct S3XMLElement: Sendable, Hashable {
    /// The local name (without a namespace prefix).
    var name: String
    /// The child elements in document order.
    var children: [S3XMLElement] = []
    /// The character data directly inside this element (whitespace between children included).
    var text: String = ""

    /// The first child called `name`.
    func child(_ name: String) -> S3XMLElement? {
        children.first { $0.name == name }
    }

    /// Every child called `name`, in order.
    func children(_ name: String) -> [S3XMLElement] {
        children.filter { $0.name == name }
    }

    /// The text of the first child called `name`.
    func value(_ name: String) -> String? {
        child(name)?.text
    }
}

/// Why a document could not be read.
struct S3XMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, with the byte offset where it was found.
    var message: String
    var description: String { message }
}

enum S3XML {
    /// Deeper documents are refused; S3's answers nest four levels at most.
    static let maximumDepth = 32

    /// The root element of `bytes`.
    static func parse(_ bytes: [UInt8]) throws(S3XMLError) -> S3XMLElement {
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }

    /// `text` with `&`, `<`, `>`, `"` and `'` escaped, for element content and attribute values.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// A single pass over the bytes with an explicit stack of open elements (no recursion).
    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func document() throws(S3XMLError) -> S3XMLElement {
            var stack: [(element: S3XMLElement, text: [UInt8])] = []
            var root: S3XMLElement?
            while index < bytes.count {
                if bytes[index] != UInt8(ascii: "<") {
                    let start = index
                    while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                    let text = bytes[start..<index]
                    if stack.isEmpty {
                        guard text.allSatisfy(Self.isWhitespace) else { throw error("text outside the root element") }
                    } else {
                        stack[stack.count - 1].text += try Self.decodingEntities(text, at: start)
                    }
                    continue
                }
                if startsWith("<?") {
                    try skip(past: "?>")
                } else if startsWith("<!--") {
                    try skip(past: "-->")
                } else if startsWith("<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    guard !stack.isEmpty else { throw error("CDATA outside the root element") }
                    stack[stack.count - 1].text += bytes[start..<(index - 3)]
                } else if startsWith("<!") {
                    throw error("document type declarations are not supported")
                } else if startsWith("</") {
                    index += 2
                    let name = try self.name()
                    skipWhitespace()
                    try expect(">")
                    guard let open = stack.popLast() else { throw error("closing tag </\(name)> without an open tag") }
                    guard open.element.name == name else {
                        throw error("closing tag </\(name)> does not match <\(open.element.name)>")
                    }
                    var element = open.element
                    element.text = String(decoding: open.text, as: UTF8.self)
                    if stack.isEmpty {
                        guard root == nil else { throw error("more than one root element") }
                        root = element
                    } else {
                        stack[stack.count - 1].element.children.append(element)
                    }
                } else {
                    index += 1
                    let name = try self.name()
                    let selfClosing = try skipAttributes()
                    let element = S3XMLElement(name: name)
                    if selfClosing {
                        if stack.isEmpty {
                            guard root == nil else { throw error("more than one root element") }
                            root = element
                        } else {
                            stack[stack.count - 1].element.children.append(element)
                        }
                    } else {
                        guard root == nil else { throw error("more than one root element") }
                        guard stack.count < S3XML.maximumDepth else { throw error("elements nested too deep") }
                        stack.append((element, []))
                    }
                }
            }
            if let open = stack.last { throw error("element <\(open.element.name)> is not closed") }
            guard let root else { throw error("no root element") }
            return root
        }

        /// An element name; a namespace prefix (`s3:`) is dropped.
        mutating func name() throws(S3XMLError) -> String {
            let start = index
            while index < bytes.count, !Self.isWhitespace(bytes[index]), bytes[index] != UInt8(ascii: ">"),
                bytes[index] != UInt8(ascii: "/")
            {
                index += 1
            }
            guard index > start else { throw error("an element without a name") }
            var name = bytes[start..<index]
            if let colon = name.lastIndex(of: UInt8(ascii: ":")) { name = name[(colon + 1)...] }
            return String(decoding: name, as: UTF8.self)
        }

        /// Skips to the end of a start tag; true when it was `/>`. Quoted attribute values may hold `>`.
        mutating func skipAttributes() throws(S3XMLError) -> Bool {
            var quote: UInt8?
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    return index >= 2 && bytes[index - 2] == UInt8(ascii: "/")
                }
            }
            throw error("a start tag is not closed")
        }

        mutating func skip(past terminator: String) throws(S3XMLError) {
            let pattern = Array(terminator.utf8)
            while index + pattern.count <= bytes.count {
                if bytes[index..<(index + pattern.count)].elementsEqual(pattern) {
                    index += pattern.count
                    return
                }
                index += 1
            }
            throw error("missing \(terminator)")
        }

        mutating func skipWhitespace() {
            while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        }

        mutating func expect(_ character: Unicode.Scalar) throws(S3XMLError) {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else {
                throw error("expected '\(character)'")
            }
            index += 1
        }

        func startsWith(_ prefix: String) -> Bool {
            let pattern = prefix.utf8
            return index + pattern.count <= bytes.count
                && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }

        func error(_ message: String) -> S3XMLError {
            S3XMLError(message: "malformed XML at byte \(index): \(message)")
        }

        static func isWhitespace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        /// Character data with `&name;` and `&#…;` references replaced by what they stand for.
        static func decodingEntities(_ text: ArraySlice<UInt8>, at offset: Int) throws(S3XMLError) -> [UInt8] {
            guard text.contains(UInt8(ascii: "&")) else { return Array(text) }
            var output: [UInt8] = []
            output.reserveCapacity(text.count)
            var index = text.startIndex
            while index < text.endIndex {
                let byte = text[index]
                guard byte == UInt8(ascii: "&") else {
                    output.append(byte)
                    index += 1
                    continue
                }
                guard let semicolon = text[index...].firstIndex(of: UInt8(ascii: ";")), semicolon - index <= 10
                else {
                    throw S3XMLError(message: "malformed XML at byte \(offset + index - text.startIndex): bare '&'")
                }
                let reference = String(decoding: text[(index + 1)..<semicolon], as: UTF8.self)
                guard let scalar = scalar(forReference: reference) else {
                    throw S3XMLError(
                        message:
                            "malformed XML at byte \(offset + index - text.startIndex): unknown entity &\(reference);")
                }
                output += Array(String(Character(scalar)).utf8)
                index = semicolon + 1
            }
            return output
        }

        static func scalar(forReference reference: String) -> Unicode.Scalar? {
            switch reference {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            default: break
            }
            guard reference.hasPrefix("#") else { return nil }
            let digits = reference.dropFirst()
            let value: UInt32? =
                digits.hasPrefix("x") || digits.hasPrefix("X")
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            return value.flatMap(Unicode.Scalar.init)
        }
    }
}
