import Foundation
import PoseCore
import Reports

/// The checks that make sessions and run them: settings refused or accepted as the descriptor
/// says, every input stream analysed without an error or a value JSON cannot hold, the inputs
/// left as they were, and the same result every time.
struct SessionCheck {
    let chain: AnalyzerChain
    let inputs: ConformanceInputs
    var id: String { chain.plugin.descriptor.id }
    var descriptor: PluginDescriptor { chain.plugin.descriptor }

    func run(into report: inout ConformanceReport) {
        guard let hinge = inputs.streams.first(where: { !$0.samples.isEmpty }) else { return }
        guard checkDefaults(hinge, into: &report) else { return }
        checkOutOfRange(into: &report)
        checkRangeExtremes(hinge, into: &report)
        for stream in inputs.streams { checkStream(stream, into: &report) }
        checkDeterministic(hinge, into: &report)
    }

    /// Defaults must make a session: everything else builds on them.
    func checkDefaults(_ stream: ConformanceInputs.Stream, into report: inout ConformanceReport) -> Bool {
        report.ran("session.defaults")
        do {
            _ = try chain.run(stream, settings: PluginSettings(descriptor: descriptor))
            return true
        } catch {
            report.fail("session.defaults", "\(id): makeSession with the descriptor's defaults threw: \(error)")
            return false
        }
    }

    /// Values outside a parameter's range or choices are refused with a `HingeCheckError` that
    /// names `id.parameter` (whether the settings or `makeSession` refuse them).
    func checkOutOfRange(into report: inout ConformanceReport) {
        report.ran("session.out-of-range")
        for p in descriptor.parameters {
            let bad: [String] = if let min = p.minimum, let max = p.maximum {
                [Self.text(min - 1), Self.text(max + 1), "not-a-number"]
            } else if p.choices != nil {
                ["not-one-of-the-choices"]
            } else {
                ["-1e300", "1e300"]    // no range declared: values no sane range allows
            }
            for value in bad {
                let name = "\(id).\(p.name)"
                do {
                    let settings = try PluginSettings(descriptor: descriptor, overrides: [p.name: value])
                    _ = try chain.plugin.makeSession(settings: settings, context: AnalysisContext(header: ConformanceInputs.header))
                    report.fail("session.out-of-range", "\(name) = \(value) was accepted; declare its range or choices in the descriptor so it is refused")
                } catch let error as HingeCheckError {
                    if !error.message.contains(name) {
                        report.fail("session.out-of-range", "\(name) = \(value) was refused with \"\(error.message)\", which does not name \(name)")
                    }
                } catch {
                    report.fail("session.out-of-range", "\(name) = \(value) was refused with \(type(of: error)), not a HingeCheckError naming the parameter")
                }
            }
        }
    }

    /// Each numeric parameter at each end of its range (the others at their defaults) makes a
    /// session that analyses the hinge set.
    func checkRangeExtremes(_ stream: ConformanceInputs.Stream, into report: inout ConformanceReport) {
        report.ran("session.range-extremes")
        for p in descriptor.parameters {
            guard let min = p.minimum, let max = p.maximum else { continue }
            for value in [Self.text(min), Self.text(max)] {
                do {
                    let settings = try PluginSettings(descriptor: descriptor, overrides: [p.name: value])
                    let result = try chain.run(stream, settings: settings)
                    if let problem = Self.unencodable(result, stream) {
                        report.fail("session.range-extremes", "\(id).\(p.name) = \(value) on \(stream.name): \(problem)")
                    }
                } catch {
                    report.fail("session.range-extremes", "\(id).\(p.name) = \(value), inside its declared range, failed: \(error)")
                }
            }
        }
    }

    /// The stream analysed without an error; the result encodes as report JSON; the samples and,
    /// unless the plugin emits "reps", the rep count are what the plugin was handed.
    func checkStream(_ stream: ConformanceInputs.Stream, into report: inout ConformanceReport) {
        let check = stream.samples.isEmpty ? "session.empty-stream" : stream.name.hasPrefix("hinge set") ? "session.hinge-set" : "session.edge-input"
        report.ran(check)
        do {
            let before = try chain.run(stream, stopBefore: true)
            let result = try chain.run(stream)
            if let problem = Self.unencodable(result, stream) { report.fail(check, "\(id) on \(stream.name): \(problem)") }
            if result.samples != stream.samples {
                report.fail(check, "\(id) on \(stream.name) changed result.samples; analysers read the samples and add their own findings")
            }
            if !descriptor.emits.contains("reps"), result.reps.count != before.reps.count {
                report.fail(check, "\(id) on \(stream.name) changed the rep count from \(before.reps.count) to \(result.reps.count) without emitting \"reps\"")
            }
        } catch {
            report.fail(check, "\(id) on \(stream.name) threw: \(error)")
        }
    }

    /// Fresh sessions on the same input give the same result, value for value and byte for byte.
    func checkDeterministic(_ stream: ConformanceInputs.Stream, into report: inout ConformanceReport) {
        report.ran("session.deterministic")
        do {
            let first = try chain.run(stream), second = try chain.run(stream)
            let same = try Self.json(first, stream) == Self.json(second, stream)
            if first != second || !same {
                report.fail("session.deterministic", "\(id) gave two different results for the same \(stream.name); keep no state outside the session, no clock or random numbers in the result")
            }
        } catch {
            report.fail("session.deterministic", "\(id) on \(stream.name) threw: \(error)")
        }
    }

    static func json(_ result: AnalysisResult, _ stream: ConformanceInputs.Stream) throws -> Data {
        try AnalysisDocument(input: stream.name, header: stream.header, frameCount: stream.samples.count, result: result).jsonData()
    }

    /// Why the result cannot be written as report.json (NaN or infinity somewhere), or nil.
    static func unencodable(_ result: AnalysisResult, _ stream: ConformanceInputs.Stream) -> String? {
        do {
            _ = try json(result, stream)
            return nil
        } catch {
            return "the result cannot be written as report.json (\(error)); JSON holds no NaN or infinity: leave an unknown value out"
        }
    }

    /// A number as `--set` would give it ("30", "0.5").
    static func text(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
}
