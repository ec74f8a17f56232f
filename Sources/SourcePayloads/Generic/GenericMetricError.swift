/// The value column of a ``GenericMetricExtractor`` does not exist in the table.
public struct GenericMetricError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The index that was asked for.
    public var valueColumnIndex: Int
    /// The table's columns.
    public var columns: [String]
    /// A sentence naming the index and the columns.
    public var message: String
    /// The message.
    public var description: String { message }
}
