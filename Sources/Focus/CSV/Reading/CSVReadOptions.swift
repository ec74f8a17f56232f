/// How ``CSVReader`` reads: dialect, batch size, limits and what to do with invalid UTF-8.
///
/// The defaults read what Krateo's Go exporter wrote (RFC 4180 with Go's `LazyQuotes`) and what FOCUS providers
/// export, in batches of about 4 MiB.
public struct CSVReadOptions: Sendable, Equatable {
    /// What to do with a field that is not valid UTF-8.
    public enum InvalidUTF8Handling: Sendable, Equatable {
        /// Replace each invalid sequence with U+FFFD (as `String(decoding:as:)` does), keep the row and record an
        /// ``CSVIssue/Kind/invalidUTF8Replaced`` issue.
        case replace
        /// Skip the row and record an ``CSVIssue/Kind/invalidUTF8`` issue.
        case skipRow
    }

    /// The field separator, one byte. A quote, CR or LF is refused (``CSVReadError/Code/invalidDelimiter``).
    public var delimiter: UInt8
    /// Accept quotes where RFC 4180 does not, as Go's `encoding/csv` with `LazyQuotes = true` (Krateo's exporter
    /// read and wrote with it): a quote inside an unquoted field is a literal, and a quote inside a quoted field that
    /// is not followed by a delimiter or line end is kept, and the field stays quoted. With `false` such a row is
    /// skipped with a ``CSVIssue/Kind/bareQuote`` or ``CSVIssue/Kind/extraneousQuote`` issue.
    ///
    /// Where the reader differs from Go's on purpose: CRLF inside a quoted field is kept as it is (Go turns it into
    /// LF), and input ending inside a quoted field is an error even with lazy quotes (Go accepts it), because a
    /// truncated body must not pass for a complete one.
    public var lazyQuotes: Bool
    /// Field bytes per ``RowBatch``: a batch is emitted once it holds at least this much (and at the end). Clamped
    /// to 1 byte ... 256 MiB.
    public var batchByteBudget: Int
    /// Longest field accepted, in bytes as read (between its quotes, where doubled quotes count twice); a longer one
    /// skips its row (``CSVIssue/Kind/fieldTooLarge``) without being held in memory.
    public var maxFieldBytes: Int
    /// Longest row accepted, in bytes as read; a longer one is skipped (``CSVIssue/Kind/rowTooLarge``) without being
    /// held in memory. Clamped to at most 256 MiB.
    public var maxRowBytes: Int
    /// Longest header record accepted, in bytes; a longer one is a ``CSVReadError/Code/headerTooLarge`` error (the
    /// input is probably not CSV).
    public var maxHeaderBytes: Int
    /// What to do with fields that are not valid UTF-8. Either way, every field of every emitted row is valid UTF-8.
    public var invalidUTF8: InvalidUTF8Handling
    /// How many issues ``CSVIssueLog`` keeps as samples; all are counted.
    public var maxIssueSamples: Int

    public init(
        delimiter: UInt8 = UInt8(ascii: ","), lazyQuotes: Bool = true, batchByteBudget: Int = 4 << 20,
        maxFieldBytes: Int = 1 << 20, maxRowBytes: Int = 16 << 20, maxHeaderBytes: Int = 1 << 20,
        invalidUTF8: InvalidUTF8Handling = .replace, maxIssueSamples: Int = 100
    ) {
        self.delimiter = delimiter
        self.lazyQuotes = lazyQuotes
        self.batchByteBudget = batchByteBudget
        self.maxFieldBytes = maxFieldBytes
        self.maxRowBytes = maxRowBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.invalidUTF8 = invalidUTF8
        self.maxIssueSamples = maxIssueSamples
    }

    /// The limits as the reader applies them. Spans in a ``RowBatch`` are 32-bit offsets; with both sizes at most
    /// 256 MiB a batch stays far below 4 GiB even when replacement characters triple a row.
    var effectiveBatchByteBudget: Int { min(max(batchByteBudget, 1), 256 << 20) }
    var effectiveMaxRowBytes: Int { min(max(maxRowBytes, 0), 256 << 20) }
    var effectiveMaxFieldBytes: Int { min(max(maxFieldBytes, 0), effectiveMaxRowBytes) }
}
