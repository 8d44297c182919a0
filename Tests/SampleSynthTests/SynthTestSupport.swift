import Foundation
import TestSupport
import PoseCore
@testable import SampleSynth

/// Small, fast options for tests (no noise unless asked).
func testOptions(_ scenario: SynthScenario, width: Int = 320, height: Int = 180, facing: Facing = .right,
                 view: CameraView = .side, markers: Bool = false, clothing: Clothing = .tight,
                 noise: Double = 0, blur: Double = 0, seed: UInt64 = 1, duration: Double? = nil) -> SynthOptions {
    SynthOptions(scenario: scenario, width: width, height: height, facing: facing, view: view, markers: markers,
                 clothing: clothing, noiseStdDev: noise, blurSigma: blur, seed: seed, durationS: duration)
}

/// The landmark with left and right swapped ("left_hip" ↔ "right_hip", "mouth_left" ↔ "mouth_right").
func swappedSide(_ landmark: BodyLandmark) -> BodyLandmark {
    let name = landmark.name
    if name.hasPrefix("left_") { return BodyLandmark(name: "right_" + name.dropFirst(5))! }
    if name.hasPrefix("right_") { return BodyLandmark(name: "left_" + name.dropFirst(6))! }
    if name.hasSuffix("_left") { return BodyLandmark(name: name.dropLast(5) + "_right")! }
    if name.hasSuffix("_right") { return BodyLandmark(name: name.dropLast(6) + "_left")! }
    return landmark
}

/// A fresh temporary folder, removed when the test process exits.
func temporaryFolder() throws -> URL {
    TestFolders.make("synth-tests")
}
