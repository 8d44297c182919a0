import Foundation
import PoseCore

/// A small real analyser (counts the samples it observed and the reps it was handed) that can
/// be given one flaw at a time, to show that each conformance check can fail.
struct StubAnalyzer: PostureAnalyzerPlugin {
    enum Flaw: String, CaseIterable, Sendable {
        case none, defaultOutOfRange, duplicateParameter, noRange, emptyEmits, throwsOnDefaults
        case nonDeterministic, nonFinite, dropsReps, changesSamples
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
        var observed = 0

        mutating func observe(_ sample: KinematicSample) { observed += 1 }

        mutating func finish(into result: inout AnalysisResult) {
            var values = ["samples": Double(observed), "reps": Double(result.reps.count)]
            if flaw == .nonDeterministic { values["seed"] = Double.random(in: 0..<1) }
            if flaw == .nonFinite { values["mean"] = .nan }
            if flaw == .dropsReps { result.reps.removeAll() }
            if flaw == .changesSamples { result.samples.removeAll() }
            result.analyzerOutputs[id] = AnalyzerOutput(values: values)
        }
    }
}
