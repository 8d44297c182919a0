import Foundation
import Testing
@testable import Analyzers
import PoseCore
import TestSupport

@Suite struct AnalysisTests {
    let header = LandmarkFileHeader(source: "test", skeleton: .blazePose33, width: 640, height: 480, fps: 30)

    func analyze(_ frames: [PoseFrame], config: AnalysisConfig = .init(), profile: AthleteProfile? = nil) throws -> AnalysisResult {
        let registry = try PluginRegistry(analyzers: BuiltInAnalyzers.all)
        return try AnalysisPipeline(registry: registry, config: config, profile: profile).analyze(frames: frames, header: header)
    }

    @Test func emptyAndSingleFrameStreams() throws {
        let empty = try analyze([])
        #expect(empty.reps.isEmpty && empty.events.isEmpty)
        #expect(empty.warnings.map(\.code).contains("no_person"))
        let one = try analyze([SyntheticLift().frame(index: 0, truth: .init(inclination: 50, lumbar: 10))])
        #expect(one.reps.isEmpty)
    }

    @Test func neutralSetCountsRepsAndFlagsNothing() throws {
        let lift = SyntheticLift()
        let r = try analyze(lift.frames(lift.set(reps: [4, 5, 3, 6, 5])))
        #expect(r.reps.count == 5)
        #expect(r.events.isEmpty)
        #expect(r.reps.allSatisfy { $0.postureLost == false })
        #expect(r.reference.kind == .quietStanding)
        #expect(abs(try #require(r.reference.neutralLumbarDeg) - 30) < 0.5)
        for (rep, loss) in zip(r.reps, [4.0, 5, 3, 6, 5]) {
            #expect(abs(try #require(rep.peakLumbarFlexionDeg) - loss) < 0.6, "rep \(rep.index)")
            #expect(abs(try #require(rep.peakTrunkInclinationDeg) - 60) < 0.5)
        }
        #expect(!r.warnings.map(\.code).contains("uncalibrated"))
    }

    /// Every rep is held, lost or can't tell, decided by one value ± its uncertainty against the
    /// threshold; the value shown (rep, event) is the one that decided. Spine points, noise-free:
    /// the uncertainty is ~0, so 13.5° is held and 16° lost against 15°.
    @Test func eachRepIsDecidedByOneValueAndItsUncertainty() throws {
        let lift = SyntheticLift()
        let r = try analyze(lift.frames(lift.set(reps: [5, 13.5, 16, 25])))
        #expect(r.reps.map(\.verdict) == [.held, .held, .lost, .lost])
        #expect(r.reps.allSatisfy { $0.verdictReason == nil && $0.thresholdDeg == 15 })
        for (rep, loss) in zip(r.reps, [5.0, 13.5, 16, 25]) {
            let value = try #require(rep.decidingValueDeg)
            #expect(abs(value - loss) < 0.6, "rep \(rep.index): \(value)")
            #expect(try #require(rep.decidingUncertaintyDeg) < 0.5)
            #expect(rep.decidingMeasure == "lumbar-flexion-from-neutral")
        }
        // The flagged moments carry the deciding value of their rep, not another frame's.
        for e in r.events {
            let rep = try #require(r.reps.first { $0.index == e.repIndex })
            #expect(e.peakLumbarFlexionDeg == rep.decidingValueDeg)
            let value = try #require(rep.decidingValueDeg)
            #expect(e.message.contains(ShearGuardSession.degrees(value)), "\(e.message)")
        }
        #expect(Set(r.events.compactMap(\.repIndex)) == [3, 4])
    }

    /// A clip that turns away from side-on for one rep: that rep is can't tell (view), never held
    /// or lost, and the side-on reps either side are judged as usual.
    @Test func aRepFilmedOffSideOnIsCantTellView() throws {
        let lift = SyntheticLift()
        var frames = lift.frames(lift.set(reps: [25, 25, 25]))
        // Rep 2 spans 2 + 3.6 … 2 + 7.2 s: the lifter turns towards the camera, the shoulders
        // separate horizontally by half a trunk length (side-on is ≤ 0.30).
        for i in frames.indices where frames[i].time > 5.6 && frames[i].time < 8.8 {
            var ls = frames[i].landmarks[BodyLandmark.leftShoulder.rawValue]
            ls.x += 75
            frames[i].landmarks[BodyLandmark.leftShoulder.rawValue] = ls
        }
        let r = try analyze(frames)
        #expect(r.reps.map(\.verdict) == [.lost, .cantTell, .lost], "\(r.reps.map(\.verdictText))")
        #expect(r.reps[1].verdictReason == .view)
        #expect(!r.events.contains { $0.repIndex == 2 })
    }

    /// The rule itself: lost only when value − U reaches the threshold, held only when value + U
    /// stays under it, can't tell in between (both sides of the boundary).
    @Test func verdictNeedsTheWholeIntervalOnOneSide() {
        func v(_ value: Double, _ u: Double) -> Bool? { RepJudge.verdict(.init(value: value, uncertainty: u, frames: [0]), threshold: 3.5) }
        #expect(v(6, 2.5) == true)
        #expect(v(6, 2.6) == nil)
        #expect(v(0.9, 2.5) == false)
        #expect(v(1, 2.5) == nil)
        #expect(v(3.5, 0) == true)
    }

    /// The spread term: interquartile range / 1.349, robust to one spike.
    @Test func robustSpreadIgnoresASpike() {
        #expect(RepJudge.robustSD([1]) == 0)
        let even = RepJudge.robustSD([0, 1, 2, 3, 4])   // IQR 2
        #expect(abs(even - 2 / 1.349) < 1e-9)
        #expect(abs(RepJudge.robustSD([0, 1, 2, 3, 4, 90]) - RepJudge.robustSD([0, 1, 2, 3, 4, 5])) < 1e-9)
    }

    /// Spine points: a jittery rep straddling the threshold is can't tell (within uncertainty)
    /// rather than a coin toss, and says so.
    @Test func jitterAcrossTheThresholdIsCantTell() throws {
        let lift = SyntheticLift()
        var frames = lift.frames(lift.set(reps: [5, 16]))
        // Markers jump ±4° from frame to frame through the set (skin movement, detection noise).
        for i in frames.indices where i % 2 == 1 {
            frames[i].spine = frames[i].spine.map { var p = $0; if p.site == .l3 { p.y -= 6 }; return p }
        }
        let r = try analyze(frames)
        let second = try #require(r.reps.last)
        #expect(second.verdict == .cantTell, "\(second.decidingText)")
        #expect(second.verdictReason == .withinUncertainty)
        #expect(try #require(second.decidingUncertaintyDeg) > 1)
        #expect(r.reps.first?.verdict == .held)
    }

    @Test func fatigueSetFlagsTheRoundedRepsAtTheRightTime() throws {
        let lift = SyntheticLift()
        let losses = [5.0, 10, 18, 24, 30]
        let truth = lift.set(reps: losses)
        let r = try analyze(lift.frames(truth))
        #expect(r.reps.map(\.postureLost) == [false, false, true, true, true])
        #expect(Set(r.events.compactMap(\.repIndex)) == [3, 4, 5])
        // Truth intervals by the documented rule: loaded (≥ 30°) and flexion ≥ 15°.
        for event in r.events {
            let inTruth = truth.indices.filter { i in
                let t = Double(i) / 30
                return t >= event.startS - 0.2 && t <= event.endS + 0.2 && truth[i].inclination >= 30 && 30 - truth[i].lumbar >= 15
            }
            #expect(!inTruth.isEmpty)
            #expect((event.peakLumbarFlexionDeg ?? 0) >= 15)
            #expect(event.severity > 0 && event.severity <= 1)
        }
        let trend = try #require(r.fatigue)
        #expect(trend.slopeDegPerRep > 5)
        #expect(trend.verdict.contains("increases"))
    }

    @Test func lowConfidenceGivesUnknownNotAFlag() throws {
        let lift = SyntheticLift()
        var truth = lift.set(reps: [30, 30])
        for i in truth.indices where truth[i].inclination > 20 { truth[i].visibility = 0.2 }
        let r = try analyze(lift.frames(truth))
        #expect(r.events.isEmpty)
        #expect(r.reps.allSatisfy { $0.postureLost == nil })
    }

    /// Landmarks without spine points or an outline (a file extracted without --mask): reps are
    /// found, every verdict is unknown, no threshold is claimed, and the warning names the fix.
    @Test func landmarksWithoutAnyLumbarMeasureSayWhy() throws {
        let lift = SyntheticLift(withSpine: false)
        let r = try analyze(lift.frames(lift.set(reps: [30, 4])))
        #expect(r.reps.count == 2)
        #expect(r.reps.allSatisfy { $0.postureLost == nil })
        #expect(r.events.isEmpty)
        #expect(r.reference.kind == .none)
        #expect(r.reference.thresholdDeg == nil)
        let warning = try #require(r.warnings.first { $0.code == "no_outline" })
        #expect(warning.message.contains("--mask"))
        // With spine points the same set is measured and no such warning appears.
        let measured = try analyze(SyntheticLift().frames(SyntheticLift().set(reps: [30, 4])))
        #expect(!measured.warnings.map(\.code).contains("no_outline"))
        #expect(measured.reps.map(\.postureLost) == [true, false])
    }

    /// A threshold or profile for the other kind of measurement is named as not used.
    @Test func settingsForTheOtherMeasureAreNamedAsUnused() throws {
        let lift = SyntheticLift(withSpine: false)
        // Markerless frames: an outline that comes in toward the trunk axis (about −11°, held).
        let hollow = DorsalContour(hip: Point2(320, 300), shoulder: Point2(320, 100),
                                   depths: (0..<41).map { i in let t = Double(i) / 40; return t <= 0.5 ? 40 - 40 * t : 20 + 30 * (t - 0.5) })
        let markerless = lift.frames(lift.set(reps: [4, 4])).map { f -> PoseFrame in var f = f; f.dorsalContour = hollow; return f }
        let plain = try analyze(markerless)
        #expect(plain.reference.kind == .hingedPositionAbsolute)
        #expect(plain.reps.map(\.postureLost) == [false, false])
        #expect(!plain.warnings.map(\.code).contains("setting_not_used"))
        let flexionSet = try analyze(markerless, config: AnalysisConfig(overrides: ["shear-guard": ["flexion-threshold": "20"]]))
        let warning = try #require(flexionSet.warnings.first { $0.code == "setting_not_used" })
        #expect(warning.message.contains("shear-guard.flexion-threshold") && warning.message.contains("markerless"), "\(warning.message)")
        let spineProfile = try analyze(markerless, profile: AthleteProfile(name: "ana", neutralLumbarDeg: 30))
        #expect(spineProfile.warnings.first { $0.code == "setting_not_used" }?.message.contains("ana") == true)
        // Spine points with a markerless threshold set: named too.
        let spine = SyntheticLift()
        let r = try analyze(spine.frames(spine.set(reps: [4])), config: AnalysisConfig(overrides: ["shear-guard": ["markerless-threshold": "3"]]))
        #expect(r.warnings.first { $0.code == "setting_not_used" }?.message.contains("shear-guard.markerless-threshold") == true)
    }

    /// The mask gate of `blazepose` leaves upright frames without an outline on purpose: those
    /// frames are not "missing" one (no `no_outline` warning), and the verdicts, which stand on
    /// the inclined frames, are those of the fully measured set.
    @Test func outlinesSkippedOnUprightFramesChangeNoVerdict() throws {
        let lift = SyntheticLift(withSpine: false)
        let hollow = DorsalContour(hip: Point2(320, 300), shoulder: Point2(320, 100),
                                   depths: (0..<41).map { i in let t = Double(i) / 40; return t <= 0.5 ? 40 - 40 * t : 20 + 30 * (t - 0.5) })
        let truth = lift.set(reps: [4, 4, 4])
        let full = lift.frames(truth).map { f -> PoseFrame in var f = f; f.dorsalContour = hollow; return f }
        let gated = zip(full, truth).map { f, t -> PoseFrame in
            var f = f
            if t.inclination < 20 { f.dorsalContour = nil; f.outlineSkipped = true }
            return f
        }
        #expect(gated.filter(\.outlineSkipped).count > gated.count / 4)
        let a = try analyze(full), b = try analyze(gated)
        #expect(b.reps.map(\.postureLost) == a.reps.map(\.postureLost))
        #expect(b.reps.map(\.decidingValueDeg) == a.reps.map(\.decidingValueDeg))
        #expect(!b.warnings.map(\.code).contains("no_outline"))
        // The same frames without the outline and not marked as skipped are missing it.
        let missing = gated.map { f -> PoseFrame in var f = f; f.outlineSkipped = false; return f }
        let c = try analyze(missing)
        #expect(c.samples.filter { $0.issues.contains("no_outline") }.count == gated.filter(\.outlineSkipped).count)
    }

    @Test func clipStartingAtTheBottomAndPartialRep() throws {
        let lift = SyntheticLift()
        var truth = lift.set(standingS: 0, reps: [5, 5, 5, 5])
        truth.removeFirst(45)   // start half-way into rep 1, at its bottom
        // A partial rep: only 35° deep.
        for k in 0..<60 { truth.append(.init(inclination: 2 + 33 * sin(Double(k) / 60 * .pi), lumbar: 30)) }
        let r = try analyze(lift.frames(truth))
        #expect(r.reps.count == 5)
        #expect(r.reps.first?.partial == true)
        #expect(r.reps.last?.partial == true)
        #expect(r.reps[1...3].allSatisfy { !$0.partial })
        #expect(r.warnings.map(\.code).contains("uncalibrated"))
        #expect(r.reference.kind == .uprightFrames)
    }

    @Test func finalDescentWithoutLockoutIsNotARep() throws {
        let lift = SyntheticLift()
        var truth = lift.set(reps: [5, 5, 5])
        for k in 0..<45 { truth.append(.init(inclination: 2 + 58 * sin(Double(k) / 90 * .pi), lumbar: 30)) }
        let r = try analyze(lift.frames(truth))
        #expect(r.reps.count == 3)
        #expect(r.warnings.map(\.code).contains("unfinished_rep"))
    }

    @Test func profileOverridesNeutral() throws {
        let lift = SyntheticLift()
        let r = try analyze(lift.frames(lift.set(reps: [10, 10, 10])), profile: AthleteProfile(name: "A", neutralLumbarDeg: 36, maxFlexionDeg: 40))
        #expect(r.reference.kind == .profile)
        #expect(abs(try #require(r.reps[0].peakLumbarFlexionDeg) - 16) < 0.6)
        #expect(abs(try #require(r.reps[0].peakLumbarFlexionPct) - 40) < 1.5)
        #expect(r.reps.allSatisfy { $0.postureLost == true })
    }

    @Test func configOverridesAndErrors() throws {
        var config = try AnalysisConfig.parse("[shear-guard]\nflexion-threshold = 35 # deg\n", path: "c.toml")
        let lift = SyntheticLift()
        let r = try analyze(lift.frames(lift.set(reps: [30])), config: config)
        #expect(r.events.isEmpty)
        try config.apply(assignments: ["shear-guard.flexion-threshold=20"])
        #expect(try analyze(lift.frames(lift.set(reps: [30])), config: config).events.count == 1)
        #expect(throws: HingeCheckError.self) { try config.apply(assignments: ["nonsense"]) }
        #expect(throws: HingeCheckError.self) { try analyze([], config: AnalysisConfig(overrides: ["no-such-plugin": ["a": "1"]])) }
        #expect(throws: HingeCheckError.self) { try analyze([], config: AnalysisConfig(overrides: ["reps": ["no-such-param": "1"]])) }
        #expect(throws: HingeCheckError.self) { try AnalysisConfig.parse("x = 1", path: "c.toml") }
        // validate() finds both mistakes before any frame is analysed (batch relies on it).
        let registry = try PluginRegistry(analyzers: BuiltInAnalyzers.all)
        try config.validate(against: registry)
        let unknownParameter = #expect(throws: HingeCheckError.self) {
            try AnalysisConfig(overrides: ["reps": ["no-such-param": "1"]]).validate(against: registry)
        }
        #expect(unknownParameter?.message.contains("no-such-param") == true)
        #expect(throws: HingeCheckError.self) {
            try AnalysisConfig(overrides: ["no-such-plugin": ["a": "1"]]).validate(against: registry)
        }
        // Values outside a parameter's range are refused up front, naming plugin, parameter and
        // range; the ends of the range are accepted.
        for (plugin, parameter, value, range) in [("shear-guard", "min-confidence", "5", "0…1 fraction"),
                                                  ("shear-guard", "loaded-inclination", "200", "0…90 deg"),
                                                  ("shear-guard", "flexion-threshold", "-5", "0…90 deg"),
                                                  ("reps", "min-duration", "-1", "0…60 s"),
                                                  ("shear-guard", "markerless-smoothing", "abc", "-")] {
            let error = #expect(throws: HingeCheckError.self) {
                try AnalysisConfig(overrides: [plugin: [parameter: value]]).validate(against: registry)
            }
            #expect(error?.message.contains("\(plugin).\(parameter) = ") == true, "\(String(describing: error))")
            if range != "-" { #expect(error?.message.contains(range) == true, "\(String(describing: error))") }
        }
        try AnalysisConfig(overrides: ["shear-guard": ["min-confidence": "1", "markerless-threshold": "-45"]]).validate(against: registry)
        // A bad value or name in a config file is reported at its file and line; --set replaces
        // the file's value and is then reported as --set (no line).
        var file = try AnalysisConfig.parse("# mine\n[shear-guard]\nmin-confidence = 7\n", path: "/x/hinge.toml")
        let atLine = #expect(throws: HingeCheckError.self) { try file.validate(against: registry) }
        #expect(atLine?.path == "/x/hinge.toml" && atLine?.message.hasPrefix("line 3: shear-guard.min-confidence = 7") == true,
                "\(String(describing: atLine))")
        try file.apply(assignments: ["shear-guard.min-confidence=1.5"])
        let fromSet = #expect(throws: HingeCheckError.self) { try file.validate(against: registry) }
        #expect(fromSet?.path == nil && fromSet?.message.hasPrefix("shear-guard.min-confidence = 1.5") == true, "\(String(describing: fromSet))")
        let emptyTable = try AnalysisConfig.parse("[shear-guard]\nmin-confidence = 0.6\n\n[rep]\n", path: "/x/hinge.toml")
        let table = #expect(throws: HingeCheckError.self) { try emptyTable.validate(against: registry) }
        #expect(table?.message.hasPrefix("line 4: ") == true && table?.message.contains("\"rep\"") == true, "\(String(describing: table))")
        let early = #expect(throws: HingeCheckError.self) { try AnalysisConfig.parse("flexion-threshold = 18\n", path: "c.toml") }
        #expect(early?.message.contains("comes before any [plugin-id] table") == true)
        #expect(early?.hint?.contains("[shear-guard]") == true)
    }

    /// The config file is TOML (TOMLKit): a comment after a value, CRLF line ends and quoted
    /// strings (with `#` and `=` inside) all read as written; errors keep file and line.
    @Test func configFileIsTOML() throws {
        let comments = try AnalysisConfig.parse("""
            [shear-guard]   # the guard
            flexion-threshold = 35# deg, no space
            min-confidence = 0.6   # fraction
            [reps]
            enter-deg = 30 # deg
            """, path: "c.toml")
        #expect(comments.overrides == ["shear-guard": ["flexion-threshold": "35", "min-confidence": "0.6"], "reps": ["enter-deg": "30"]])
        #expect(comments.origins["reps.enter-deg"] == AnalysisConfig.Origin(path: "c.toml", line: 5))
        try comments.validate(against: PluginRegistry(analyzers: BuiltInAnalyzers.all))

        let crlf = try AnalysisConfig.parse("# made on Windows\r\n[shear-guard]\r\nflexion-threshold = 35\r\n\r\n[reps]\r\nenter-deg = 30\r\n", path: "w.toml")
        #expect(crlf.overrides == ["shear-guard": ["flexion-threshold": "35"], "reps": ["enter-deg": "30"]])
        #expect(crlf.origins["reps"]?.line == 5 && crlf.origins["shear-guard.flexion-threshold"]?.line == 3)
        // A bad value in a CRLF file is still reported at its line.
        let bad = try AnalysisConfig.parse("[shear-guard]\r\nmin-confidence = 7\r\n", path: "/x/w.toml")
        let atLine = #expect(throws: HingeCheckError.self) { try bad.validate(against: PluginRegistry(analyzers: BuiltInAnalyzers.all)) }
        #expect(atLine?.path == "/x/w.toml" && atLine?.message.hasPrefix("line 2: shear-guard.min-confidence = 7") == true, "\(String(describing: atLine))")

        let quoted = try AnalysisConfig.parse("""
            ["shear-guard"]
            flexion-threshold = "35"
            "min-confidence" = '0.5'
            label = "set # 2 = heavy"   # the comment, not the string
            """, path: "q.toml")
        #expect(quoted.overrides["shear-guard"] == ["flexion-threshold": "35", "min-confidence": "0.5", "label": "set # 2 = heavy"])
        #expect(quoted.origins["shear-guard.min-confidence"]?.line == 3 && quoted.origins["shear-guard.label"]?.line == 4)

        // TOML syntax errors name the file, line and column; non-scalar values are refused.
        let syntax = #expect(throws: HingeCheckError.self) { try AnalysisConfig.parse("[reps]\nenter-deg = = 3\n", path: "s.toml") }
        #expect(syntax?.path == "s.toml" && syntax?.message.hasPrefix("line 2, column ") == true, "\(String(describing: syntax))")
        let unterminated = #expect(throws: HingeCheckError.self) { try AnalysisConfig.parse("[reps]\nenter-deg = \"30\n", path: "s.toml") }
        #expect(unterminated?.message.hasPrefix("line 2, column ") == true, "\(String(describing: unterminated))")
        let array = #expect(throws: HingeCheckError.self) { try AnalysisConfig.parse("[reps]\n\nenter-deg = [30, 40]\n", path: "a.toml") }
        #expect(array?.message.hasPrefix("line 3: reps.enter-deg: expected a number") == true, "\(String(describing: array))")
    }

    /// A rep filmed from the bottom: at 30 fps the trunk rises 1.5° per frame from 55°, so only 3
    /// frames (0.1 s) lie within 3° of the peak; the bottom is widened to 0.3 s (9 frames) around
    /// the deepest frame, deeper neighbours first. Without a minimum it is left as the window gives it.
    @Test func bottomFramesCoverAtLeastTheMinimumDuration() {
        let fast = (0..<30).map { KinematicSample(index: $0, time: Double($0) / 30, trunkInclinationDeg: 55 - 1.5 * Double($0)) }
        #expect(SignalTools.bottomFrames(of: 0..<30, in: fast, peakDeg: 55, windowDeg: 10, minSeconds: 0) == [0, 1, 2, 3, 4, 5, 6])
        #expect(SignalTools.bottomFrames(of: 0..<30, in: fast, peakDeg: 55, windowDeg: 3, minSeconds: 0) == [0, 1, 2])
        #expect(SignalTools.bottomFrames(of: 0..<30, in: fast, peakDeg: 55, windowDeg: 3, minSeconds: 0.3) == Array(0..<9))
        // A symmetric bottom grows on both sides of the deepest frame.
        let vee = (0..<31).map { KinematicSample(index: $0, time: Double($0) / 30, trunkInclinationDeg: 60 - 3 * abs(Double($0) - 15)) }
        #expect(SignalTools.bottomFrames(of: 0..<31, in: vee, peakDeg: 60, windowDeg: 2, minSeconds: 0.3) == Array(11...19))
        #expect(SignalTools.bottomFrames(of: 0..<31, in: vee, peakDeg: 60, windowDeg: 20, minSeconds: 0.3) == Array(9...21))
    }

    @Test func sameFramesSameResult() throws {
        let lift = SyntheticLift()
        let frames = lift.frames(lift.set(reps: [5, 20, 25]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(analyze(frames)) == encoder.encode(analyze(frames)))
    }
}
