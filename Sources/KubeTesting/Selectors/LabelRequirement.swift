import KubeClient

/// One requirement of a label selector, with the grammar and meaning kube-apiserver gives it.
///
/// ```
/// selector    := requirement ("," requirement)*         (comma = AND; an empty selector matches everything)
/// requirement := key | "!" key | key ("=" | "==" | "!=") value | key ("in" | "notin") "(" values ")"
/// ```
/// `!=` and `notin` also match objects without the label, as on the real server.
enum LabelRequirement: Sendable, Hashable {
    case equals(String, String)
    case notEquals(String, String)
    case exists(String)
    case notExists(String)
    case `in`(String, Set<String>)
    case notIn(String, Set<String>)

    func matches(_ labels: [String: String]) -> Bool {
        switch self {
        case .equals(let key, let value): return labels[key] == value
        case .notEquals(let key, let value): return labels[key] != value
        case .exists(let key): return labels[key] != nil
        case .notExists(let key): return labels[key] == nil
        case .in(let key, let values): return labels[key].map(values.contains) ?? false
        case .notIn(let key, let values): return !(labels[key].map(values.contains) ?? false)
        }
    }

    /// Parses a whole selector; a syntax error is `400 BadRequest`, as the API server answers.
    static func parse(_ selector: String) throws -> [LabelRequirement] {
        var parser = Parser(tokens: try tokenize(selector), text: selector)
        return try parser.selector()
    }

    // MARK: - Lexer

    enum Token: Equatable {
        case word(String)
        case equals, doubleEquals, notEquals, bang, open, close, comma
    }

    private static func tokenize(_ text: String) throws -> [Token] {
        var tokens: [Token] = []
        var chars = Array(text)[...]
        while let c = chars.first {
            switch c {
            case " ", "\t", "\n":
                chars.removeFirst()
            case ",", "(", ")":
                tokens.append(c == "," ? .comma : c == "(" ? .open : .close)
                chars.removeFirst()
            case "!", "=":
                chars.removeFirst()
                if chars.first == "=" {
                    chars.removeFirst()
                    tokens.append(c == "!" ? .notEquals : .doubleEquals)
                } else {
                    tokens.append(c == "!" ? .bang : .equals)
                }
            default:
                var word = ""
                while let w = chars.first, !" \t\n,()!=".contains(w) {
                    word.append(w)
                    chars.removeFirst()
                }
                tokens.append(.word(word))
            }
        }
        return tokens
    }

    // MARK: - Parser

    private struct Parser {
        var tokens: [Token]
        var index = 0
        let text: String

        init(tokens: [Token], text: String) {
            self.tokens = tokens
            self.text = text
        }

        var peek: Token? { index < tokens.count ? tokens[index] : nil }

        mutating func take() -> Token? {
            defer { index += 1 }
            return peek
        }

        func error(_ why: String) -> KubeError {
            APIErrors.badRequest("unable to parse requirement: \(why) in label selector \"\(text)\"")
        }

        mutating func word(_ what: String) throws -> String {
            guard case .word(let word)? = take() else { throw error("expected \(what)") }
            return word
        }

        mutating func selector() throws -> [LabelRequirement] {
            var requirements: [LabelRequirement] = []
            while peek != nil {
                requirements.append(try requirement())
                guard let next = take() else { break }
                guard next == .comma, peek != nil else { throw error("expected ',' and another requirement") }
            }
            return requirements
        }

        mutating func requirement() throws -> LabelRequirement {
            if peek == .bang {
                index += 1
                return .notExists(try word("a key after '!'"))
            }
            let key = try word("a key")
            switch peek {
            case nil, .comma?:
                return .exists(key)
            case .equals?, .doubleEquals?, .notEquals?:
                let negated = take() == .notEquals
                var value = ""
                if case .word(let word)? = peek {
                    value = word
                    index += 1
                }
                return negated ? .notEquals(key, value) : .equals(key, value)
            case .word("in")?, .word("notin")?:
                let negated = take() == .word("notin")
                let values = try valueSet()
                return negated ? .notIn(key, values) : .in(key, values)
            default:
                throw error("unexpected token after \(key)")
            }
        }

        mutating func valueSet() throws -> Set<String> {
            guard take() == .open else { throw error("expected '('") }
            var values: Set<String> = []
            while true {
                switch take() {
                case .word(let value)?: values.insert(value)
                case .comma?: continue
                case .close?: return values
                default: throw error("unterminated value set")
                }
            }
        }
    }
}
