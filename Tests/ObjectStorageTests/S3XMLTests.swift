import Testing

@testable import ObjectStorage

/// The hand-written XML reader on answers recorded from S3 (AWS documentation examples and moto).
@Suite struct S3XMLTests {
    static let listPage = """
        <?xml version="1.0" encoding="UTF-8"?>
        <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
          <Name>finops</Name>
          <Prefix>focus/</Prefix>
          <KeyCount>2</KeyCount>
          <MaxKeys>2</MaxKeys>
          <IsTruncated>true</IsTruncated>
          <Contents>
            <Key>focus/year=2026/a &amp; b.csv</Key>
            <LastModified>2026-11-03T10:15:00.000Z</LastModified>
            <ETag>&quot;9b2cf535f27731c974343645a3985328&quot;</ETag>
            <Size>1024</Size>
            <StorageClass>STANDARD</StorageClass>
          </Contents>
          <Contents>
            <Key>focus/year=2026/&#x20;lead&#32;&lt;x&gt;</Key>
            <Size>0</Size>
          </Contents>
          <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
        </ListBucketResult>
        """

    @Test func aTruncatedListPageGivesKeysSizesAndTheNextToken() throws {
        let page = try S3ListPage(xml: Array(Self.listPage.utf8))
        #expect(
            page.objects == [
                StoredObject(key: "focus/year=2026/a & b.csv", size: 1024),
                StoredObject(key: "focus/year=2026/ lead <x>", size: 0),
            ])
        #expect(page.nextContinuationToken == "1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=")
    }

    @Test func theLastPageHasNoToken() throws {
        let xml = "<ListBucketResult><IsTruncated>false</IsTruncated><KeyCount>0</KeyCount></ListBucketResult>"
        let page = try S3ListPage(xml: Array(xml.utf8))
        #expect(page.objects.isEmpty)
        #expect(page.nextContinuationToken == nil)
    }

    @Test func aTruncatedPageWithoutATokenIsAnError() {
        let xml = "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"
        #expect(throws: S3XMLError.self) { try S3ListPage(xml: Array(xml.utf8)) }
    }

    @Test func namespacePrefixesCDATAAndSelfClosingElementsAreRead() throws {
        let xml = """
            <s3:ListBucketResult xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">
            <!-- a comment --><s3:Owner/><s3:Contents><s3:Key><![CDATA[a<&>b]]></s3:Key><s3:Size>7</s3:Size>\
            </s3:Contents><s3:IsTruncated>false</s3:IsTruncated></s3:ListBucketResult>
            """
        let page = try S3ListPage(xml: Array(xml.utf8))
        #expect(page.objects == [StoredObject(key: "a<&>b", size: 7)])
    }

    @Test func anErrorBodyGivesCodeMessageAndRegion() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; \
            the region 'us-east-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1</Region>\
            <RequestId>656c76696e6727732072657175657374</RequestId>\
            <HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></Error>
            """
        let error = try #require(S3ErrorBody(xml: Array(xml.utf8)))
        #expect(error.code == "AuthorizationHeaderMalformed")
        #expect(error.message.hasPrefix("The authorization header is malformed"))
        #expect(error.region == "eu-west-1")
    }

    @Test func anSTSErrorResponseIsReadToo() throws {
        let xml = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
            <Code>InvalidIdentityToken</Code><Message>Couldn't retrieve verification key</Message></Error>\
            <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ErrorResponse>
            """
        let error = try #require(S3ErrorBody(xml: Array(xml.utf8)))
        #expect(error.code == "InvalidIdentityToken")
    }

    @Test func bodiesWithoutAnErrorAreNotErrors() {
        #expect(S3ErrorBody(xml: []) == nil)
        #expect(S3ErrorBody(xml: Array("not xml".utf8)) == nil)
        #expect(S3ErrorBody(xml: Array("<CompleteMultipartUploadResult/>".utf8)) == nil)
        #expect(S3ErrorBody(xml: Array("<Error><Message>no code</Message></Error>".utf8)) == nil)
    }

    @Test func theUploadIDIsReadFromAnInitiateAnswer() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
            <Bucket>finops</Bucket><Key>focus/a.parquet</Key>\
            <UploadId>VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA</UploadId>
            </InitiateMultipartUploadResult>
            """
        #expect(
            try S3InitiateMultipartUploadResult.uploadID(xml: Array(xml.utf8))
                == "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA")
        #expect(throws: S3XMLError.self) { try S3InitiateMultipartUploadResult.uploadID(xml: Array("<Error/>".utf8)) }
    }

    @Test func theCompleteBodyListsPartsWithEscapedETags() throws {
        let body = S3CompleteMultipartUploadBody.make(parts: [(1, "\"a1\""), (2, "\"b&2\"")])
        let root = try S3XML.parse(body)
        #expect(root.name == "CompleteMultipartUpload")
        #expect(root.children("Part").map { $0.value("ETag") } == ["\"a1\"", "\"b&2\""])
        #expect(root.children("Part").map { $0.value("PartNumber") } == ["1", "2"])
    }

    @Test(arguments: [
        "<a><b></a>", "<a>", "</a>", "<a></a><b></b>", "text<a/>", "<a>&bogus;</a>", "<a>&amp</a>",
        "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "<a><![CDATA[open</a>", "",
    ])
    func malformedDocumentsAreRefused(_ xml: String) {
        #expect(throws: S3XMLError.self) { try S3XML.parse(Array(xml.utf8)) }
    }

    @Test func deepNestingIsRefused() {
        let xml = String(repeating: "<a>", count: 40) + String(repeating: "</a>", count: 40)
        #expect(throws: S3XMLError.self) { try S3XML.parse(Array(xml.utf8)) }
    }
}
