import Foundation

/// The JSON encoder and decoder configured for the Kubernetes API.
///
/// Dates: decoded from RFC 3339 with or without fractional seconds (`Time` and `MicroTime`); encoded without a
/// fraction when the date is a whole second (as `metav1.Time` prints) and with six digits otherwise (as
/// `metav1.MicroTime`, e.g. a Lease's `renewTime`, requires). Keys are sorted so that encoding is deterministic,
/// which the configuration hash of an exporter's pod template depends on.
public enum KubeJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(KubeTime.format(date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = KubeTime.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "not an RFC 3339 timestamp: \(text)")
            }
            return date
        }
        return decoder
    }

    public static func encode<T: Encodable>(_ value: T) throws -> Data { try encoder().encode(value) }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }

    /// Converts a typed value into a ``JSONValue`` (e.g. to compare a desired object with a live one).
    public static func value<T: Encodable>(of value: T) throws -> JSONValue {
        try decode(JSONValue.self, from: encode(value))
    }

    /// Converts a ``JSONValue`` into a typed value.
    public static func convert<T: Decodable>(_ value: JSONValue, to type: T.Type) throws -> T {
        try decode(type, from: encode(value))
    }
}

/// RFC 3339 timestamps as the Kubernetes API writes them.
public enum KubeTime {
    /// `2024-05-01T10:00:00Z`, or `2024-05-01T10:00:00.123456Z` when the date has a fractional second or
    /// `microseconds` is set (`metav1.MicroTime` fields must always carry the six digits).
    public static func format(_ date: Date, microseconds: Bool = false) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        let micros = Int(((date.timeIntervalSince1970 - seconds) * 1_000_000).rounded())
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let d = c.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: seconds))
        let base = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", d.year!, d.month!, d.day!, d.hour!, d.minute!, d.second!)
        if !microseconds && (micros == 0 || micros == 1_000_000) { return base + "Z" }
        return base + String(format: ".%06dZ", min(micros, 999_999))
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; returns `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { return nil }
                n = n * 10 + Int(bytes[i] - 48)
            }
            return n
        }
        guard let year = number(0..<4), bytes[4] == 45, let month = number(5..<7), bytes[7] == 45,
            let day = number(8..<10), bytes[10] == 84 || bytes[10] == 116, let hour = number(11..<13),
            bytes[13] == 58, let minute = number(14..<16), bytes[16] == 58, let second = number(17..<19)
        else { return nil }
        var index = 19
        var fraction = 0.0
        if bytes[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetSeconds = 0
        switch bytes[index] {
        case 90, 122:  // Z z
            guard index + 1 == bytes.count else { return nil }
        case 43, 45:  // + -
            guard index + 6 == bytes.count, let oh = number(index + 1..<index + 3), bytes[index + 3] == 58,
                let om = number(index + 4..<index + 6)
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (bytes[index] == 45 ? -1 : 1)
        default: return nil
        }
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61,
            let date = c.date(from: components)
        else { return nil }
        return date.addingTimeInterval(fraction - Double(offsetSeconds))
    }
}
