import Testing
@testable import PoseCore

@Suite struct PluginTests {
    let descriptor = PluginDescriptor(id: "demo", kind: .analyzer, summary: "demo",
                                      parameters: [PluginParameter("threshold", default: "15", unit: "deg", summary: "t", source: "s")])

    @Test func defaultsAndOverrides() throws {
        #expect(try PluginSettings(descriptor: descriptor).number("threshold") == 15)
        #expect(try PluginSettings(descriptor: descriptor, overrides: ["threshold": "20.5"]).number("threshold") == 20.5)
    }

    @Test func unknownParameterAndBadNumberAreErrors() throws {
        let unknown = try #require(throws: HingeCheckError.self) { try PluginSettings(descriptor: descriptor, overrides: ["treshold": "1"]) }
        #expect(unknown.hint?.contains("threshold") == true)
        let settings = try PluginSettings(descriptor: descriptor, overrides: ["threshold": "abc"])
        let bad = try #require(throws: HingeCheckError.self) { try settings.number("threshold") }
        #expect(bad.code == .invalidArgument)
    }

    @Test func registryRejectsDuplicateIds() throws {
        #expect(throws: HingeCheckError.self) { try PluginRegistry(sources: [JSONLLandmarkSource(), JSONLLandmarkSource()]) }
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()])
        #expect(registry.descriptors.map(\.id) == ["jsonl"])
    }

    @Test func bodyLandmarkNamesFollowMediaPipeOrder() {
        #expect(BodyLandmark.allCases.count == 33)
        #expect(BodyLandmark.leftHip.rawValue == 23)
        #expect(BodyLandmark(name: "right_foot_index") == .rightFootIndex)
        #expect(BodyLandmark.leftShoulder.name == "left_shoulder")
    }
}
