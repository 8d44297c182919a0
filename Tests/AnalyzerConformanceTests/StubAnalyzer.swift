import Foundation
import PoseCore

/// A small real analyser (counts the samples of each rep, and the reps of the set) that can be
/// given one flaw at a time, to show that each conformance check can fail.
struct StubAnalyzer: PostureAnalyzerPlugin {
    enum Flaw: String, CaseIterable, Sendable {
        case none, defaultOutOfRange, duplicateParameter, noRange, emptyEmits, throwsOnDefaults
        case nonDeterministic, nonFinite, dropsReps, changesSamples, setLevelInFinish
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
        /// Times of the samples observed, in order.
        var times: [Double] = []

        mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult) { times.append(sample.time) }

        /// Per rep, from the samples around it: how many there are.
        mutating func finish(into result: inout AnalysisResult) {
            var output = AnalyzerOutput(units: ["samples": "samples", "reps": "reps"])
            for rep in result.reps {
                output.repValues[rep.index] = ["samples": Double(times.filter { $0 >= rep.startS && $0 <= rep.endS }.count)]
            }
            if flaw == .nonDeterministic { output.values["seed"] = Double.random(in: 0..<1) }
            if flaw == .nonFinite { output.values["mean"] = .nan }
            if flaw == .dropsReps { result.reps.removeAll() }
            if flaw == .changesSamples { result.samples.removeAll() }
            // The flaw: a set-level value taken in `finish` is, live, the last window's.
            if flaw == .setLevelInFinish { output.values["reps"] = Double(result.reps.count) }
            result.analyzerOutputs[id] = output
        }

        /// For the set: how many reps it has.
        func concludeSet(_ result: inout AnalysisResult) {
            guard flaw != .setLevelInFinish else { return }
            result.analyzerOutputs[id, default: AnalyzerOutput()].values["reps"] = Double(result.reps.count)
        }
    }
}
