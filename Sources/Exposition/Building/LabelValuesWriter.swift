/// Writes the label values of one series, in the family's label order. Values are arbitrary bytes: they are
/// escaped, and ill-formed UTF-8 becomes U+FFFD. An empty value (or ``appendEmpty()``, for a null field) leaves the
/// label out when the family ``MetricFamily/omitsEmptyLabelValues``.
///
/// Non-copyable: it exists only during ``FamilyWriter/append(value:timestamp:labelValues:)`` and cannot be kept
/// past it, which is what lets it write through a raw pointer (one call per label value must stay cheap).
public struct LabelValuesWriter: ~Copyable {
    private let line: UnsafeMutablePointer<SeriesLine>

    init(line: UnsafeMutablePointer<SeriesLine>) { self.line = line }

    /// Appends the next label's value from raw bytes (a row batch field).
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        line.pointee.appendLabelValue(bytes)
    }

    /// Appends the next label's value from raw bytes.
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        line.pointee.appendLabelValue(UnsafeRawBufferPointer(bytes))
    }

    /// Appends the next label's value from an array of bytes.
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { line.pointee.appendLabelValue($0) }
    }

    /// Appends the next label's value from a string.
    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { line.pointee.appendLabelValue(UnsafeRawBufferPointer($0)) }
    }

    /// An empty value, for a null field.
    public mutating func appendEmpty() {
        line.pointee.appendLabelValue(UnsafeRawBufferPointer(start: nil, count: 0))
    }
}
