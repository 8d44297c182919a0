import Foundation
import PoseCore

/// A small real analyser (counts the samples of each rep, and the reps of the set) that can be
/// given one flaw at a time, to show that each conformance check can fail.
struct StubAnalyzer: PostureAnalyzerPlugin {
    enum Flaw: String, CaseIterable, Sendable {
        case none, defaultOutOfRange, duplicateParameter, noRange, emptyEmits, throwsOnDefaults
        case nonDeterministic, nonFinite, dropsReps, changesSamples, readsOldSamples, keepsEverySample
    }

    var id: String
    var needs: [ResultStream] = [.kinematics]
    var flaw = Flaw.none

    init(id: String, needs: [ResultStream] = [.kinematics, .reps], flaw: Flaw = .none) {
        self.id = id
        self.needs = needs
        self.flaw = flaw
    }

    var descriptor: PluginDescriptor {
        var window = PluginParameter("window", default: flaw == .defaultOutOfRange ? "20" : "1", unit: "s",
                                     summary: "Unused window.", source: "test", range: 0...10)
        if flaw == .noRange { window.minimum = nil; window.maximum = nil }
        let parameters = flaw == .duplicateParameter ? [window, window] : [window]
        return PluginDescriptor(id: id, kind: .analyzer, summary: "Counts samples and reps.", parameters: parameters,
                                needs: needs, emits: flaw == .emptyEmits ? [] : [ResultStream(id)])
    }

    func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession {
        if flaw == .throwsOnDefaults { throw HingeCheckError(.internal, "\(id) is not ready") }
        _ = try settings.number("window")
        return Session(id: id, flaw: flaw)
    }

    struct Session: AnalyzerSession {
        let id: String
        let flaw: Flaw
        var cursor = RepCursor()
        /// Samples per rep, counted in `observe` once the rep's frames are in.
        var counts: [RepCursor.Segment: Double] = [:]
        var pendingFromS = Double.infinity

        init(id: String, flaw: Flaw) {
            self.id = id
            self.flaw = flaw
        }

        var retainFromS: Double {
            switch flaw {
            case .keepsEverySample: -.infinity
            // The flaw: it says it needs no sample, then counts them in `finish`.
            case .readsOldSamples: .infinity
            default: pendingFromS
            }
        }

        mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult) {
            cursor.observe(sample)
            guard flaw != .readsOldSamples else { return }
            while let r = cursor.ready(in: result) {
                count(result.reps[r], in: result.samples)
                cursor.advance()
            }
            pendingFromS = cursor.pendingFromS(in: result)
        }

        mutating func count(_ rep: Rep, in samples: [KinematicSample]) {
            counts[RepCursor.Segment(rep)] = Double(samples.indices(from: rep.startS, through: rep.endS).count)
        }

        /// Per rep: how many samples it has.
        mutating func finish(into result: inout AnalysisResult) {
            var output = AnalyzerOutput(units: ["samples": "samples", "reps": "reps"])
            for rep in result.reps {
                if flaw == .readsOldSamples || counts[RepCursor.Segment(rep)] == nil { count(rep, in: result.samples) }
                output.repValues[rep.index] = ["samples": counts[RepCursor.Segment(rep)] ?? 0]
            }
            cursor.advanceAll(in: result)
            if flaw == .nonDeterministic { output.values["seed"] = Double.random(in: 0..<1) }
            if flaw == .nonFinite { output.values["mean"] = .nan }
            if flaw == .dropsReps { result.reps.removeAll() }
            if flaw == .changesSamples { result.samples.removeAll() }
            result.analyzerOutputs[id] = output
        }

        /// For the set: how many reps it has.
        func concludeSet(_ result: inout AnalysisResult) {
            result.analyzerOutputs[id, default: AnalyzerOutput()].values["reps"] = Double(result.reps.count)
        }
    }
}
