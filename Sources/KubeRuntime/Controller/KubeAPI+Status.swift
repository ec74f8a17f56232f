import KubeClient
import KubeCore

extension KubeAPI {
    /// Writes `status` to `object` only when it differs from what `object` carries. Returns whether it wrote.
    ///
    /// The write is a compare-and-swap on the object's resourceVersion: if someone changed the object since it was
    /// read, this throws ``KubeError/Code/conflict`` and the reconcile is retried with fresh data (one writer of status
    /// per object, no lost updates).
    @discardableResult
    public func updateStatus<T: HasStatus>(of object: T, to status: T.Status) async throws -> Bool {
        guard object.status != status else { return false }
        var updated = object
        updated.status = status
        _ = try await replaceStatus(updated)
        return true
    }
}
