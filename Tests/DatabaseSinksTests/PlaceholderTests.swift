import Testing

@testable import DatabaseSinks

@Test func moduleBuilds() {}
