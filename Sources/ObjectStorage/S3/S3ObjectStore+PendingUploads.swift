extension S3ObjectStore {
    /// The multipart uploads still open under the relative `prefix` (first 1000), keys relative to the store's
    /// prefix. An upload this store started is never left open on purpose; this is how tests and operators check.
    func pendingUploads(prefix: String = "") async throws -> [S3PendingUpload] {
        let root = configuration.prefix
        let response = try await client.send(
            S3Call(
                method: "GET", key: nil, query: [("uploads", nil), ("prefix", root + prefix)], subject: root + prefix))
        do {
            return try S3PendingUpload.list(xml: response.body).uploads.map {
                S3PendingUpload(key: String($0.key.dropFirst(root.count)), uploadID: $0.uploadID)
            }
        } catch {
            throw ObjectStoreError(.rejected, "\(client.describe("GET", key: root + prefix)) answered \(error).")
        }
    }
}
