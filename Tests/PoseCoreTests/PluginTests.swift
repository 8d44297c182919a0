import Foundation
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

@Suite struct FacingDetectorTests {
    /// Markers only: hip joint and spine points, no face or feet.
    func markerFrame(facingRight: Bool, leanDeg: Double) -> PoseFrame {
        let s: Double = facingRight ? 1 : -1
        let a = leanDeg * .pi / 180
        let up = Point2(s * sin(a), -cos(a)), front = Point2(s * cos(a), s * s * sin(a))
        let s1 = Point2(300, 300)
        var lms = Array(repeating: Landmark(x: 0, y: 0, visibility: 0, presence: 0), count: 33)
        let hip = s1 + front * 40 + up * (-10)
        lms[BodyLandmark.leftHip.rawValue] = Landmark(x: hip.x, y: hip.y)
        lms[BodyLandmark.rightHip.rawValue] = Landmark(x: hip.x, y: hip.y)
        let c7 = s1 + up * 200
        return PoseFrame(index: 0, time: 0, landmarks: lms,
                         spine: [SpinePoint(site: .c7, x: c7.x, y: c7.y), SpinePoint(site: .s1, x: s1.x, y: s1.y)])
    }

    @Test(arguments: [0.0, 45, 80])
    func spinePointsDecideFacing(lean: Double) {
        #expect(FacingDetector.facing(of: markerFrame(facingRight: true, leanDeg: lean)) == .right)
        #expect(FacingDetector.facing(of: markerFrame(facingRight: false, leanDeg: lean)) == .left)
    }
}
