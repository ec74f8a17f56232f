import Foundation
import KubeCore
import Testing

/// The schema probe and the comparison are the instruments of the agreement test: check that they see what they
/// must, so that an empty difference list means agreement and not blindness.
@Suite struct SchemaProbeTests {
    struct Child: Codable { var value: Double }
    struct Sample: Codable {
        var name: String
        var count: Int?
        var labels: [String: String]?
        var children: [Child]
        var when: Date?
        var anything: JSONValue?
        var status: Condition.Status
    }

    @Test func probeSeesRequiredOptionalAndEveryJSONType() throws {
        let schema = try SchemaProbe.schema(of: Sample.self)
        let expected = SchemaNode.object(
            [
                "name": .plainString, "count": .integer, "labels": .map(.plainString),
                "children": .array(.object(["value": .number], required: ["value"])),
                "when": .string(format: "date-time", enumValues: nil), "anything": .freeForm,
                "status": .string(format: nil, enumValues: ["True", "False", "Unknown"]),
            ], required: ["name", "children", "status"])
        #expect(schema == expected)
    }

    @Test func comparisonReportsMissingFieldsTypeChangesAndRequiredMismatches() {
        let crd = SchemaNode.object(["a": .plainString, "b": .integer, "c": .boolean], required: ["a"])
        let swift = SchemaNode.object(["a": .plainString, "b": .plainString, "d": .boolean], required: [])
        let differences = schemaDifferences(crd: crd, swift: swift, path: "spec")
        #expect(
            differences == [
                "spec.a: required in CRD only (Swift optional ↔ CRD not required)",
                "spec.b: CRD type is integer, Swift type is string",
                "spec.c: in the CRD but not in the Swift type",
                "spec.d: in the Swift type but not in the CRD",
            ])
    }

    @Test func comparisonRequiresTheCRDToMirrorASwiftEnumButAllowsItToNarrowAString() {
        let swiftEnum = SchemaNode.string(format: nil, enumValues: ["True", "False"])
        #expect(!schemaDifferences(crd: .plainString, swift: swiftEnum, path: "x").isEmpty)
        let crdEnum = SchemaNode.string(format: nil, enumValues: ["bearer-token", "cert-file"])
        #expect(schemaDifferences(crd: crdEnum, swift: .plainString, path: "x").isEmpty)
    }
}
