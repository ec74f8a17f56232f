import Focus
import Testing

@testable import SourcePayloads

@Suite struct FocusConfigListDecoderTests {
    @Test func recordedListBecomesOneFOCUSRowPerItem() throws {
        let decoded = try FocusConfigListDecoder().decode(Fixtures.bytes("krateo-focusconfiglist.json"))
        #expect(decoded.problems.isEmpty)
        #expect(decoded.rows.rowCount == 2)
        #expect(Array(decoded.rows.header.names.prefix(3)) == ["AvailabilityZone", "BilledCost", "BillingAccountId"])
        #expect(decoded.rows.header.names.last == "x_ContractReference")
        #expect(decoded.rows.columnCount == FocusSpecFields.known.count + 1, "every known column, then the extra one")

        let hardware = decoded.rows.fields(0)
        #expect(hardware["BilledCost"] == "27000")
        #expect(hardware["ListCost"] == "30000.0")
        #expect(hardware["ListUnitPrice"] == "10000", "10k")
        #expect(hardware["EffectiveCost"] == "27000.00")
        #expect(hardware["BillingPeriodStart"] == "2023-12-31T22:00:00Z", "converted to UTC")
        #expect(hardware["ChargeDescription"] == "3 Dell PowerEdge R760, one-time purchase")
        #expect(hardware["Tags"] == #"{"testkey1":"testvalue","cost-center":"R&D, EMEA"}"#)
        #expect(hardware["CommitmentDiscountId"] == nil)
        #expect(hardware["RegionId"] == nil, "absent fields are null, not \"\"")

        let support = decoded.rows.fields(1)
        #expect(support["BilledCost"] == "1234.5678")
        #expect(support["ConsumedQuantity"] == "12.500", "12500m")
        #expect(support["CommitmentDiscountId"] == "contract-2024-17", "Krateo's misspelt key commitmentDiscoutId")
        #expect(support["Tags"] == #"{"team":"platform"}"#)
        #expect(support["x_ContractReference"] == "ACME-7731")
        #expect(decoded.rows.lineNumbers == [0, 0])
    }

    @Test func olderFocusSpecNamesMapToFOCUS1Columns() throws {
        let payload = #"""
            {"kind":"FocusConfigList","items":[{"spec":{"focusSpec":{"provider":"Azure","publisher":"Microsoft",
            "invoiceIssuer":"Microsoft","region":"westeurope","usageQuantity":"2","usageUnit":"Hours",
            "commitmentDiscountId":"cd-1","BilledCost":"3","chargeSubCategory":"On-Demand","x_Details":{"a":[1]}}}}]}
            """#
        let decoded = try FocusConfigListDecoder().decode(Array(payload.utf8))
        let row = decoded.rows.fields(0)
        #expect(row["ProviderName"] == "Azure")
        #expect(row["PublisherName"] == "Microsoft")
        #expect(row["InvoiceIssuerName"] == "Microsoft")
        #expect(row["RegionId"] == "westeurope")
        #expect(row["ConsumedQuantity"] == "2")
        #expect(row["ConsumedUnit"] == "Hours")
        #expect(row["CommitmentDiscountId"] == "cd-1")
        #expect(row["BilledCost"] == "3", "a PascalCase key finds its column")
        #expect(row["ChargeSubCategory"] == "On-Demand", "unknown keys become PascalCase columns")
        #expect(row["x_Details"] == #"{"a":[1]}"#, "custom columns keep their name; nested values are JSON text")
        #expect(decoded.problems.isEmpty)
    }

    @Test func badValuesAreDroppedWithTheirPathAndTheRestOfTheRowKept() throws {
        let payload = #"""
            {"items":[{"spec":{"focusSpec":{"billedCost":"twelve","chargePeriodStart":"yesterday",
            "effectiveCost":{"amount":1},"serviceName":["a"],"listCost":"","billingPeriodEnd":"",
            "tags":[{"key":"a","value":"1"},{"value":"no key"},{"key":"a","value":"2"},{"key":"n","value":5}],
            "providerName":"Acme","provider":"Other"}}}]}
            """#
        let decoded = try FocusConfigListDecoder().decode(Array(payload.utf8))
        let row = decoded.rows.fields(0)
        #expect(row["BilledCost"] == nil)
        #expect(row["ChargePeriodStart"] == nil)
        #expect(row["EffectiveCost"] == nil)
        #expect(row["ServiceName"] == nil)
        #expect(row["ListCost"] == nil, "\"\" is Kubernetes' zero value, read as absent")
        #expect(row["Tags"] == #"{"a":"2","n":"5"}"#)
        #expect(row["ProviderName"] == "Acme", "the first value for a column wins")
        let spec = "$.items[0].spec.focusSpec."
        #expect(
            decoded.problems.map(\.description) == [
                spec + #"billedCost: value dropped: "twelve" is not a number or Kubernetes quantity"#,
                spec + #"chargePeriodStart: value dropped: "yesterday" is not an RFC 3339 date-time"#,
                spec + "effectiveCost: value dropped: expected a number or quantity string, found object",
                spec + "serviceName: value dropped: expected a string, found array",
                spec + #"tags[1]: tag dropped: expected {"key": string, "value": string}"#,
                spec + #"tags[2]: tag "a" repeated; the last value is kept"#,
                spec + "provider: value ignored: column ProviderName already has a value from this item",
            ])
    }

    @Test func malformedItemsAreSkippedAndNamed() throws {
        let payload =
            #"{"items":[{"spec":{"focusSpec":{"billedCost":1}}},7,{"metadata":{}},{"spec":{}},"#
            + #"{"spec":{"focusSpec":[]}}]}"#
        let decoded = try FocusConfigListDecoder().decode(Array(payload.utf8))
        #expect(decoded.rows.rowCount == 1)
        #expect(
            decoded.problems.map(\.description) == [
                "$.items[1]: item skipped: expected a FocusConfig object, found number",
                "$.items[2].spec: item skipped: no spec",
                "$.items[3].spec.focusSpec: item skipped: no focusSpec",
                "$.items[4].spec.focusSpec: item skipped: expected an object, found array",
            ])
    }

    @Test func singleObjectAndBareArrayAreAccepted() throws {
        let single = try FocusConfigListDecoder().decode(
            Array(#"{"kind":"FocusConfig","spec":{"focusSpec":{"billedCost":"1"}}}"#.utf8))
        #expect(single.rows.column("BilledCost") == ["1"])
        let array = try FocusConfigListDecoder().decode(Array(#"[{"spec":{"focusSpec":{"billedCost":"2"}}}]"#.utf8))
        #expect(array.rows.column("BilledCost") == ["2"])
        let empty = try FocusConfigListDecoder().decode(Array(#"{"kind":"FocusConfigList","items":[]}"#.utf8))
        #expect(empty.rows.rowCount == 0 && empty.rows.columnCount == FocusSpecFields.known.count)
    }

    @Test func wrongShapesAreErrorsNamingThePath() {
        let cases: [(String, PayloadError.Code, String)] = [
            (#"{"kind":"FocusConfigList"}"#, .missingField, #"$.items: missing array "items""#),
            (#"{"items":{}}"#, .wrongType, "$.items: expected an array, found object"),
            ("42", .wrongType, "$: expected a FocusConfigList object, found number"),
            (
                #"{"items":[{"spec":"#, .malformedJSON,
                "$: not valid JSON: line 1, column 19 (byte 18): unexpected end of input, expected a value"
            ),
        ]
        for (payload, code, description) in cases {
            #expect {
                try FocusConfigListDecoder().decode(Array(payload.utf8))
            } throws: { error in
                let error = error as? PayloadError
                #expect(error?.code == code)
                #expect(error?.description == description)
                return error != nil
            }
        }
    }
}
