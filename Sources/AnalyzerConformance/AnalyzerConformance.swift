import Analyzers
import PoseCore

/// The conformance kit for `PostureAnalyzerPlugin`: the checks every analyser, built in or
/// from another package, must pass before it joins a registry (docs/plugins-swift.md):
///
/// - descriptor: id lowercase-hyphenated, kind analyzer, a summary; parameter names unique and
///   lowercase-hyphenated; every parameter with a summary and a source; numbers with a unit and
///   a range holding the default, text with choices holding the default; non-empty needs and
///   emits of non-empty names;
/// - chain: every stream it needs is "kinematics" or emitted by one of the providers;
/// - sessions: the defaults make a session; an out-of-range or unknown value is refused with a
///   `HingeCheckError` naming `id.parameter`; each end of each range works; an empty stream, the
///   generated hinge sets and finite edge input (one sample, no person, a frozen clock, a gap,
///   extreme angles, 240 fps) are analysed without an error, into results report.json can hold,
///   leaving the samples (and, unless it emits "reps", the rep count) alone; and two runs on
///   the same input give the same result.
///
/// The kit returns what failed instead of asserting, so any test framework can use it:
///
///     #expect(AnalyzerConformance.check(MyAnalyzer()).passed)
///
/// A session that traps (an index out of range, a force unwrap) stops the test process: that
/// too is a failure, found by the test that ran the kit.
public enum AnalyzerConformance {
    /// - Parameters:
    ///   - plugin: the analyser under test.
    ///   - providers: analysers that may run before it to emit what it needs (default: the
    ///     built-in ones); only those it needs, directly or through their needs, are run.
    ///   - inputs: the streams to analyse (default: `ConformanceInputs.standard()`).
    public static func check(_ plugin: any PostureAnalyzerPlugin, providers: [any PostureAnalyzerPlugin] = BuiltInAnalyzers.all,
                             inputs: ConformanceInputs = .standard()) -> ConformanceReport {
        var report = ConformanceReport(pluginID: plugin.descriptor.id)
        DescriptorCheck.run(plugin.descriptor, into: &report)
        report.ran("chain.needs")
        let chain: AnalyzerChain
        do {
            chain = try AnalyzerChain(plugin, providers: providers)
        } catch {
            report.fail("chain.needs", "\(error)")
            return report
        }
        SessionCheck(chain: chain, inputs: inputs).run(into: &report)
        LiveCheck(chain: chain).run(into: &report)
        return report
    }
}
