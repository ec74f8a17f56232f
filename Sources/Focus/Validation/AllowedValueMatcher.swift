/// Finds a field's bytes in a closed list of allowed values without creating a string.
///
/// Values are bucketed by byte length, so a lookup compares against the few values of the same length. FOCUS
/// columns repeat a handful of values row after row, so the last match is tried first.
struct AllowedValueMatcher: Sendable {
    /// The allowed values in table order; ``index(of:)`` returns positions in this list.
    let values: [String]
    private let bytes: [[UInt8]]
    /// Value indices by byte length (`byLength[n]` lists the values of `n` bytes).
    private let byLength: [[Int]]
    private var lastMatch = 0

    init(_ values: [String]) {
        self.values = values
        self.bytes = values.map { Array($0.utf8) }
        var byLength = [[Int]](repeating: [], count: (bytes.map(\.count).max() ?? 0) + 1)
        for (index, value) in bytes.enumerated() { byLength[value.count].append(index) }
        self.byLength = byLength
    }

    /// The position of `field` in ``values``, or `nil` when it is not allowed (comparison is exact and
    /// case-sensitive, as the spec's allowed values are).
    mutating func index(of field: UnsafeBufferPointer<UInt8>) -> Int? {
        if lastMatch < bytes.count, Self.equal(bytes[lastMatch], field) { return lastMatch }
        guard field.count < byLength.count else { return nil }
        for candidate in byLength[field.count] where Self.equal(bytes[candidate], field) {
            lastMatch = candidate
            return candidate
        }
        return nil
    }

    @inline(__always)
    private static func equal(_ value: [UInt8], _ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count == field.count else { return false }
        return value.withUnsafeBufferPointer { value in
            for index in 0..<value.count where value[index] != field[index] { return false }
            return true
        }
    }
}
