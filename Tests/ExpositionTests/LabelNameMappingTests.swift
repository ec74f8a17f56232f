import Testing

@testable import Exposition

@Suite struct LabelNameMappingTests {
    @Test func distinctColumnsHaveNoCollisions() {
        let mapping = LabelNameMapping(columns: ["BillingAccountId", "x_Custom-Tag", "Tags.env", "1st"])
        #expect(mapping.labelNames == ["BillingAccountId", "x_Custom_Tag", "Tags_env", "_1st"])
        #expect(mapping.collisions.isEmpty)
        #expect(mapping.suffixedLabelNames == mapping.labelNames)
    }

    @Test func columnsMappingToOneLabelAreReportedInOrder() {
        let mapping = LabelNameMapping(columns: ["Tags.env", "Region", "Tags-env", "Tags env", "a.b", "a-b"])
        #expect(
            mapping.collisions == [
                LabelNameCollision(labelName: "Tags_env", columns: ["Tags.env", "Tags-env", "Tags env"]),
                LabelNameCollision(labelName: "a_b", columns: ["a.b", "a-b"]),
            ])
        #expect(mapping.collisions[1].description == #"columns "a.b", "a-b" all map to label "a_b""#)
    }

    @Test func suffixesKeepTheFirstColumnAndAvoidExistingNames() {
        // "Tags_env_2" is taken by a column of its own, so the second colliding column gets _3.
        let mapping = LabelNameMapping(columns: ["Tags.env", "Tags-env", "Tags_env_2", "Tags env"])
        #expect(mapping.suffixedLabelNames == ["Tags_env", "Tags_env_3", "Tags_env_2", "Tags_env_4"])
        #expect(Set(mapping.suffixedLabelNames).count == 4)
        #expect(mapping.suffixedLabelNames.allSatisfy(LabelName.isValid))
    }

    @Test func snakeCaseCanCreateCollisions() {
        let mapping = LabelNameMapping(columns: ["RegionId", "region_id"], style: .snakeCase)
        #expect(mapping.labelNames == ["region_id", "region_id"])
        #expect(mapping.collisions.map(\.columns) == [["RegionId", "region_id"]])
    }

    @Test func mappingIsDeterministic() {
        let columns = ["b-1", "b.1", "a", "b_1"]
        #expect(LabelNameMapping(columns: columns) == LabelNameMapping(columns: columns))
        #expect(LabelNameMapping(columns: columns).suffixedLabelNames == ["b_1", "b_1_2", "a", "b_1_3"])
    }
}
