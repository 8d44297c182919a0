import AnalyzerConformance
import PoseCore
import Testing

/// The kit rejects broken analysers, each for its own fault, and passes the same analyser
/// without the fault: its checks can fail.
@Suite struct BrokenAnalyzerTests {
    static let allChecks: Set<String> = [
        "descriptor.id", "descriptor.kind", "descriptor.summary", "descriptor.parameter-names", "descriptor.parameter",
        "descriptor.streams", "chain.needs", "session.defaults", "session.out-of-range", "session.range-extremes",
        "session.empty-stream", "session.hinge-set", "session.edge-input", "session.deterministic",
        "session.live-matches-whole", "session.live-bounded",
    ]

    @Test func theStubWithoutAFlawPasses() {
        let report = AnalyzerConformance.check(StubAnalyzer(id: "stub-counter"))
        #expect(report.passed, "\(report)")
        #expect(Set(report.checksRun) == Self.allChecks)
    }

    @Test(arguments: [
        (StubAnalyzer.Flaw.defaultOutOfRange, "descriptor.parameter"),
        (.duplicateParameter, "descriptor.parameter-names"),
        (.noRange, "session.out-of-range"),
        (.emptyEmits, "descriptor.streams"),
        (.throwsOnDefaults, "session.defaults"),
        (.nonDeterministic, "session.deterministic"),
        (.nonFinite, "session.hinge-set"),
        (.dropsReps, "session.hinge-set"),
        (.changesSamples, "session.edge-input"),
        (.readsOldSamples, "session.live-matches-whole"),
        (.keepsEverySample, "session.live-bounded"),
    ])
    func aFlawFailsItsCheck(flaw: StubAnalyzer.Flaw, check: String) {
        let report = AnalyzerConformance.check(StubAnalyzer(id: "stub-counter", flaw: flaw))
        #expect(!report.passed)
        #expect(report.failedChecks.contains(check), "\(flaw) should fail \(check): \(report)")
    }

    @Test func aBadIDIsNamed() {
        let report = AnalyzerConformance.check(StubAnalyzer(id: "Stub_Counter"))
        #expect(report.failedChecks == ["descriptor.id"])
        #expect(report.failures.first?.message.contains("\"Stub_Counter\"") == true)
    }

    @Test func anUnmetNeedNamesTheStream() {
        let report = AnalyzerConformance.check(StubAnalyzer(id: "bar-path", needs: ["kinematics", "bar"]))
        #expect(report.failedChecks == ["chain.needs"])
        #expect(report.failures.first?.message.contains("bar-path needs \"bar\", which no analyser emits") == true)
    }

    /// A flaw that breaks several checks is reported by each (the out-of-range value is
    /// accepted and the descriptor misses its range).
    @Test func aMissingRangeFailsTheDescriptorToo() {
        let report = AnalyzerConformance.check(StubAnalyzer(id: "stub-counter", flaw: .noRange))
        #expect(Set(report.failedChecks) == ["descriptor.parameter", "session.out-of-range"])
    }
}
