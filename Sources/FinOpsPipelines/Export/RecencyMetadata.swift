import ObjectStorage
import SourcePayloads

/// The FOCUS 1.3 metadata written next to the data (`{prefix}metadata/recency/{name}-recency.json`): the data
/// generator, the dataset instance, and its recency with one time sector per slot file the destination holds.
///
/// Every slot file is complete when written (only ended slots are exported), so every sector says
/// `TimeSectorComplete: true`; `TimeSectorLastUpdated` is when its file was last written, kept from the previous
/// metadata for slots this run left alone.
enum RecencyMetadata {
    static func update(
        store: any ObjectStore, layouts: [FocusFileLayout], datasetID: String, held: Set<ExportSlot>,
        written: Set<ExportSlot>, now: Int64
    ) async throws {
        for layout in layouts {
            let previous = (try? await store.read(key: layout.metadataKey)).flatMap { $0 }.map(lastUpdated) ?? [:]
            let stamp = ExportSlot.timestamp(now)
            let sectors = held.sorted().map { slot -> JSONNode in
                let start = ExportSlot.timestamp(slot.start)
                let updated = written.contains(slot) ? stamp : previous[start] ?? stamp
                return object([
                    ("TimeSectorStart", .string(start)), ("TimeSectorEnd", .string(ExportSlot.timestamp(slot.end))),
                    ("TimeSectorComplete", .bool(true)), ("TimeSectorLastUpdated", .string(updated)),
                ])
            }
            let document = object([
                ("FocusVersion", .string("1.3")),
                ("DataGenerator", object([("DataGenerator", .string("finops-operator"))])),
                (
                    "DatasetInstance",
                    .array([
                        object([
                            ("DatasetInstanceId", .string(datasetID)), ("DatasetInstanceName", .string(layout.name)),
                            ("FocusDatasetId", .string("CostAndUsage")),
                        ])
                    ])
                ),
                (
                    "Recency",
                    .array([
                        object([
                            ("DatasetInstanceId", .string(datasetID)), ("RecencyLastUpdated", .string(stamp)),
                            ("TimeSectors", .array(sectors)),
                        ])
                    ])
                ),
            ])
            let upload = try await store.upload(key: layout.metadataKey, contentType: "application/json")
            do {
                try await upload.write(Array(document.compactJSON.utf8))
                _ = try await upload.complete()
            } catch {
                await upload.abort()
                throw error
            }
        }
    }

    private static func object(_ members: [(String, JSONNode)]) -> JSONNode {
        .object(JSONObject(members: members.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }

    /// TimeSectorStart → TimeSectorLastUpdated of a previous document.
    static func lastUpdated(_ bytes: [UInt8]) -> [String: String] {
        guard let document = try? JSONParser.parse(bytes),
            let sectors = document["Recency"]?.arrayValue?.first?["TimeSectors"]?.arrayValue
        else { return [:] }
        var result: [String: String] = [:]
        for sector in sectors {
            if let start = sector["TimeSectorStart"]?.stringValue,
                let updated = sector["TimeSectorLastUpdated"]?.stringValue
            {
                result[start] = updated
            }
        }
        return result
    }
}
