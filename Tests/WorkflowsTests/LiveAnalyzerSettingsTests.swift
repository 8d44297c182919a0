import Analyzers
import PoseCore
import Testing
@testable import Workflows

/// The live cue reads the `shear-guard` settings the analyzers get, and the live session segments
/// reps with the `reps` settings: overrides from the configuration, otherwise the descriptors'
/// defaults — also when the registry lacks the analyzer (no second copy of the defaults in the
/// live code).
@Suite struct LiveAnalyzerSettingsTests {
    @Test func overridesReachTheLiveCue() throws {
        var config = AnalysisConfig()
        try config.apply(assignments: ["shear-guard.loaded-inclination=40", "shear-guard.exit-hysteresis=5",
                                       "shear-guard.markerless-threshold=2", "reps.enter-deg=35"])
        let live = try LiveAnalyzer(registry: BuiltInPlugins.registry(), config: config, profile: nil)
        #expect(live.loadedInclinationDeg == 40)
        #expect(live.exitHysteresisDeg == 5)
        #expect(live.markerlessThresholdDeg == 2)
        // The live session's reps analyser segments with the override.
        #expect(try LiveCueTracker(analyzer: live, header: LiveAnalysisTests.header).session.segmenter?.enterDeg == 35)
        #expect(live.flexionThresholdDeg == 15)
    }

    @Test func defaultsComeFromTheDescriptorsWithoutTheAnalyzer() throws {
        let live = try LiveAnalyzer(registry: PluginRegistry(analyzers: [RepsAnalyzer()]), config: AnalysisConfig(), profile: nil)
        let shear = ShearGuardAnalyzer().descriptor
        #expect(live.loadedInclinationDeg == shear.defaultNumber("loaded-inclination"))
        #expect(live.markerlessThresholdDeg == shear.defaultNumber("markerless-threshold"))
        #expect(live.markerlessThresholdDeg == 3.5)
        #expect(live.minConfidence == 0.5)
        #expect(try LiveCueTracker(analyzer: live, header: LiveAnalysisTests.header).session.segmenter == RepSegmenter())
    }
}
