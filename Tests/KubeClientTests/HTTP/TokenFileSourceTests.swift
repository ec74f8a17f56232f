import Foundation
import Testing

@testable import KubeClient

/// Re-reading a rotating token file: on a changed modification time, and at least once a minute.
@Suite struct TokenFileSourceTests {
    static func setModified(_ path: String, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    @Test func aChangedModificationTimeIsPickedUpOnTheNextRequest() throws {
        try TempDirectory.with { dir in
            let path = try dir.write("token", "first\n")
            try Self.setModified(path, Date(timeIntervalSince1970: 1_000))
            let source = TokenFileSource(path: path, clock: ManualClock())
            #expect(try source.token() == "first")
            try dir.write("token", "second")
            try Self.setModified(path, Date(timeIntervalSince1970: 2_000))
            #expect(try source.token() == "second")
        }
    }

    @Test func anUnchangedFileIsReReadAfterTheRefreshInterval() throws {
        try TempDirectory.with { dir in
            let clock = ManualClock()
            let path = try dir.write("token", "first")
            try Self.setModified(path, Date(timeIntervalSince1970: 1_000))
            let source = TokenFileSource(path: path, clock: clock)
            #expect(try source.token() == "first")
            // Same modification time: only the minute-long refresh notices the new content.
            try dir.write("token", "second")
            try Self.setModified(path, Date(timeIntervalSince1970: 1_000))
            clock.advance(by: .seconds(59))
            #expect(try source.token() == "first")
            clock.advance(by: .seconds(1))
            #expect(try source.token() == "second")
        }
    }

    @Test func rotationThroughASymlinkSwapIsSeen() throws {
        try TempDirectory.with { dir in
            // The kubelet's layout: token -> ..data/token, ..data -> ..<timestamp>.
            try dir.write("..v1/token", "first")
            try dir.write("..v2/token", "second")
            try Self.setModified(dir.path + "/..v1/token", Date(timeIntervalSince1970: 1_000))
            try Self.setModified(dir.path + "/..v2/token", Date(timeIntervalSince1970: 2_000))
            let fm = FileManager.default
            try fm.createSymbolicLink(atPath: dir.path + "/..data", withDestinationPath: "..v1")
            try fm.createSymbolicLink(atPath: dir.path + "/token", withDestinationPath: "..data/token")
            let source = TokenFileSource(path: dir.path + "/token", clock: ManualClock())
            #expect(try source.token() == "first")
            try fm.removeItem(atPath: dir.path + "/..data")
            try fm.createSymbolicLink(atPath: dir.path + "/..data", withDestinationPath: "..v2")
            #expect(try source.token() == "second")
        }
    }

    @Test func aVanishedFileKeepsTheLastGoodToken() throws {
        try TempDirectory.with { dir in
            let clock = ManualClock()
            let path = try dir.write("token", "first")
            let source = TokenFileSource(path: path, clock: clock)
            #expect(try source.token() == "first")
            try FileManager.default.removeItem(atPath: path)
            clock.advance(by: .seconds(120))
            #expect(try source.token() == "first")
        }
    }

    @Test func aMissingOrEmptyFileWithoutAPreviousTokenIsAConfigurationError() throws {
        try TempDirectory.with { dir in
            let missing = TokenFileSource(path: dir.path + "/none", clock: ManualClock())
            #expect(throws: KubeError.self) { try missing.token() }
            let empty = TokenFileSource(path: try dir.write("empty", "\n"), clock: ManualClock())
            let error = try #require(throws: KubeError.self) { try empty.token() }
            #expect(error.code == .configuration)
        }
    }
}
