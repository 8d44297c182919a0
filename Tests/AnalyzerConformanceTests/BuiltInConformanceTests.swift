import Analyzers
import AnalyzerConformance
import PoseCore
import Testing
import Workflows

/// Every analyser this package ships passes the conformance kit, and the registry every command
/// uses checks the order of its analysers.
@Suite struct BuiltInConformanceTests {
    @Test(arguments: BuiltInAnalyzers.all.map(\.descriptor.id))
    func builtInAnalyzerPassesTheKit(id: String) throws {
        let plugin = try #require(BuiltInAnalyzers.all.first { $0.descriptor.id == id })
        let report = AnalyzerConformance.check(plugin)
        #expect(report.passed, "\(report)")
        // Every check ran: none was skipped by an early failure.
        #expect(Set(report.checksRun).isSuperset(of: BrokenAnalyzerTests.allChecks), "ran only \(report.checksRun)")
    }

    /// The hinge set's reps are found by the chain the kit builds (so "works on a hinge set"
    /// means something for the analysers after `reps`).
    @Test func theKitsHingeSetHasThreeReps() throws {
        let stream = ConformanceInputs.hingeSet()
        let result = try AnalysisPipeline(registry: PluginRegistry(analyzers: BuiltInAnalyzers.all))
            .analyze(frames: SyntheticLift().frames(SyntheticLift().set(reps: [2, 6, 25])), header: stream.header)
        #expect(result.reps.count == 3)
        #expect(result.reps.map(\.postureLost) == [false, false, true])
    }

    @Test func builtInRegistryTakesAnAddedAnalyzerAfterTheBuiltIns() throws {
        let registry = try BuiltInPlugins.registry(adding: [StubAnalyzer(id: "late-reader", needs: ["reps", "events"])])
        #expect(registry.analyzers.map(\.descriptor.id) == BuiltInAnalyzers.all.map(\.descriptor.id) + ["late-reader"])
        #expect(registry.sources.count == BuiltInPlugins.sources.count)
    }

    @Test func builtInRegistryRefusesATakenID() throws {
        let error = #expect(throws: HingeCheckError.self) { try BuiltInPlugins.registry(adding: [StubAnalyzer(id: "shear-guard")]) }
        #expect(error?.message.contains("\"shear-guard\"") == true)
        #expect(error?.code == .invalidArgument)
    }

    @Test func builtInRegistryRefusesAnUnmetNeed() throws {
        let error = #expect(throws: HingeCheckError.self) { try BuiltInPlugins.registry(adding: [StubAnalyzer(id: "bar-path", needs: ["bar"])]) }
        #expect(error?.message == "analyzer \"bar-path\" needs \"bar\", which no analyzer emits")
    }

    @Test func analyzerOrderNamesTheLaterProvider() throws {
        let chain: [any PostureAnalyzerPlugin] = [ShearGuardAnalyzer(), RepsAnalyzer(), LumbarCurveAnalyzer()]
        let error = #expect(throws: HingeCheckError.self) { try AnalyzerOrder.check(chain) }
        #expect(error?.message == "analyzer \"shear-guard\" needs \"reps\", which no analyzer before it emits")
        #expect(error?.hint == "\"reps\" emits it but runs later: add \"shear-guard\" after it")
    }
}
