import Focus
import Gzip
import SourcePayloads

/// Decodes a response body into rows while it streams: gzip undone on the fly, CSV read chunk by chunk, JSON
/// (Krateo's FocusConfigList, a Prometheus query result, or any array of objects or of arrays) parsed once
/// complete.
///
/// Every CSV row problem reaches the receiver as a ``RowProblem``; a body that cannot be decoded as a whole throws
/// ``SourceError/Reason/payload`` naming the line or JSON path.
public struct RowBodyDecoder<Receiver: RowReceiver>: ResponseBodyConsumer {
    public var receiver: Receiver
    /// JSON larger than this is refused (JSON is decoded whole, unlike CSV).
    var maxJSONBytes = 512 << 20

    private var format: BodyFormat?
    private var gunzip: GzipDecompressor?
    private var csv = CSVReader()
    private var json: [UInt8] = []
    private var name = ""
    private var reportedIssues = 0
    private var sawBytes = false
    private var lastByte: UInt8?

    /// When set, a JSON body is this cost API's answer, mapped to FOCUS by its decoder.
    var costModel: CostModelMapping?

    public init(receiver: Receiver, costModel: CostModelMapping? = nil) {
        self.receiver = receiver
        self.costModel = costModel
    }

    public mutating func begin(contentType: String?, contentEncoding: String?, name: String) throws(SourceError) {
        self.name = name
        format = BodyFormat.announced(contentType: contentType, name: name)
        if BodyFormat.isGzip(contentType: contentType, contentEncoding: contentEncoding, name: name) {
            gunzip = GzipDecompressor()
        }
    }

    public mutating func consume(_ chunk: UnsafeRawBufferPointer) throws(SourceError) {
        guard let inflater = gunzip else {
            try plain(chunk)
            return
        }
        let output: [UInt8]
        do { output = try inflater.decompress(chunk) } catch {
            throw SourceError(.payload, "The gzip body of \(name) is corrupt: \(error).")
        }
        var failure: SourceError?
        output.withUnsafeBytes { bytes in
            do throws(SourceError) { try plain(bytes) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public mutating func end() throws(SourceError) {
        if let inflater = gunzip {
            do { try inflater.finish() } catch {
                throw SourceError(.payload, "The gzip body of \(name) ends early: \(error).")
            }
        }
        guard sawBytes else { throw SourceError(.empty, "\(name) sent an empty body.") }
        switch format {
        case .json?: try decodeJSON()
        case .csv?, nil:
            let issuesBefore = csv.issues.total
            do {
                for batch in try csv.finish() { try receiver.receive(batch) }
            } catch {
                throw SourceError(.payload, "The CSV from \(name) cannot be read: \(error).")
            }
            // A last row without a line end that cannot be read is the mark of a body cut short: fail the poll
            // rather than serve a report with its end missing.
            if csv.issues.total > issuesBefore, lastByte != UInt8(ascii: "\n"), let issue = csv.issues.samples.last {
                throw SourceError(
                    .payload, "The CSV from \(name) ends in the middle of a row (\(issue)); it was probably cut short.")
            }
            forwardCSVIssues()
        }
    }

    private mutating func plain(_ bytes: UnsafeRawBufferPointer) throws(SourceError) {
        guard !bytes.isEmpty else { return }
        if format == nil, let first = bytes.first(where: { !Self.isBlankOrBOM($0) }) {
            format = BodyFormat.sniffed(firstByte: first)
        }
        sawBytes = true
        lastByte = bytes.last
        switch format {
        case .json?:
            guard json.count + bytes.count <= maxJSONBytes else {
                throw SourceError(.payload, "The JSON from \(name) is larger than \(maxJSONBytes >> 20) MiB.")
            }
            json.append(contentsOf: bytes)
        case .csv?, nil:
            let batches: [RowBatch]
            do { batches = try csv.feed(bytes) } catch {
                throw SourceError(.payload, "The CSV from \(name) cannot be read: \(error).")
            }
            for batch in batches { try receiver.receive(batch) }
            forwardCSVIssues()
        }
    }

    private mutating func forwardCSVIssues() {
        let log = csv.issues
        let kept = log.samples.count
        while reportedIssues < kept {
            let issue = log.samples[reportedIssues]
            receiver.reject(
                RowProblem(kind: issue.kind.rawValue, location: "line \(issue.line)", message: issue.description))
            reportedIssues += 1
        }
        // Issues beyond the kept samples are counted, not described.
        if reportedIssues < log.total {
            receiver.rejectUndescribed(count: log.total - reportedIssues)
            reportedIssues = log.total
        }
    }

    private mutating func decodeJSON() throws(SourceError) {
        let root: JSONNode
        do { root = try JSONParser.parse(json) } catch {
            throw SourceError(.payload, "The JSON from \(name) is invalid: \(error).")
        }
        json = []
        let decoded: DecodedPayload
        do {
            if let costModel {
                decoded = try costModel.response.decode(root, options: costModel.options)
            } else if Self.looksLikeFocusConfigs(root) {
                decoded = try FocusConfigListDecoder().decode(root)
            } else if root["status"]?.stringValue != nil, root["data"]?["resultType"] != nil || root["error"] != nil {
                decoded = try PrometheusQueryDecoder().decode(root)
            } else {
                decoded = try JSONTableDecoder().decode(root)
            }
        } catch {
            throw SourceError(.payload, "The JSON from \(name) has no rows we can read: \(error).")
        }
        try receiver.receive(decoded)
    }

    /// Krateo's FocusConfigList (or one FocusConfig, or an array of them): objects with `spec.focusSpec`.
    static func looksLikeFocusConfigs(_ root: JSONNode) -> Bool {
        func isFocusConfig(_ node: JSONNode?) -> Bool { node?["spec"]?["focusSpec"]?.objectValue != nil }
        if root["kind"]?.stringValue == "FocusConfigList" { return true }
        if isFocusConfig(root) { return true }
        if let first = root["items"]?.arrayValue?.first { return isFocusConfig(first) }
        if let first = root.arrayValue?.first { return isFocusConfig(first) }
        return false
    }

    private static func isBlankOrBOM(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0xEF || byte == 0xBB || byte == 0xBF
    }
}
