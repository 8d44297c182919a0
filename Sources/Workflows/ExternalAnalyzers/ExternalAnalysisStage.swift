import Analyzers
import Foundation
import PoseCore

/// The external analysers of one analysis, after the built-in ones (docs/plugins.md): found and
/// handshaken once when the stage is made (so a configuration error stops a run before any
/// work), then each run over the finished analysis, its events, per-rep fields and warnings
/// merged in.
///
/// A plugin that fails — it cannot start, crashes, writes a bad line, speaks another protocol
/// version, or times out — leaves the built-in results as they were: its record says `failed`
/// with the error, an `external_analyzer_failed` warning names it, and `run` returns the error
/// for the command to show (and exit non-zero) after the report is written.
public struct ExternalAnalysisStage: Sendable {
    /// Plugins whose handshake succeeded, in the config's (id) order.
    var analyzers: [ExternalAnalyzer]
    /// Plugins that failed their handshake: reported on every run.
    var failures: [(location: ExternalAnalyzerFinder.Location, error: HingeCheckError)]
    let config: AnalysisConfig

    public static let failureWarning = "external_analyzer_failed"

    /// Whether the configuration turns any external analyser on.
    public var isEmpty: Bool { analyzers.isEmpty && failures.isEmpty }

    /// Finds and handshakes the plugins `config` turns on, and checks their parameter tables.
    /// - Throws: `HingeCheckError` for configuration mistakes (a plugin that is not found, a bad
    ///   `[external-analyzers]` value, a parameter the plugin does not declare or out of its range),
    ///   naming the config file and line. A plugin that misbehaves does not throw here.
    /// - Parameter registry: the built-in plugins, whose ids an external analyser may not take
    ///   (their config tables would be ambiguous).
    public init(config: AnalysisConfig, registry: PluginRegistry,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.config = config
        let settings = try ExternalAnalyzerSettings(config)
        for entry in settings.entries where registry.descriptor(id: entry.id) != nil {
            throw HingeCheckError(.invalidArgument, "external-analyzers.\(entry.id): \"\(entry.id)\" is the id of a built-in plugin",
                                  path: settings.configPath, hint: "give the external analyser another id (its file name and its handshake's id)")
        }
        let locations = try ExternalAnalyzerFinder(settings: settings, environment: environment).enabled()
        var analyzers: [ExternalAnalyzer] = []
        var failures: [(ExternalAnalyzerFinder.Location, HingeCheckError)] = []
        for location in locations {
            do {
                analyzers.append(try ExternalAnalyzer.describe(location, timeoutS: settings.timeoutS))
            } catch let error as HingeCheckError {
                failures.append((location, error))
            }
        }
        self.analyzers = analyzers
        self.failures = failures
        try checkParameters()
    }

    /// A plugin's `[id]` table against its handshake's parameters, value by value, so an error
    /// names the config line (as `AnalysisConfig.validate` does for built-in plugins).
    private func checkParameters() throws {
        let registry = try PluginRegistry(analyzers: analyzers.map { DescribedPlugin(descriptor: $0.description.descriptor) })
        var own = AnalysisConfig()
        for analyzer in analyzers { own.overrides[analyzer.description.id] = config.overrides[analyzer.description.id] ?? [:] }
        own.origins = config.origins
        try own.validate(against: registry)
    }

    /// Runs every plugin over `result` and merges what each returned.
    /// - Returns: the errors of the plugins that failed (already recorded in `result`), for the
    ///   command to show after writing the report.
    public func run(on result: inout AnalysisResult, header: LandmarkFileHeader) -> [HingeCheckError] {
        var errors: [HingeCheckError] = []
        for (location, error) in failures {
            record(error, id: location.id, version: "unknown", executable: location.executable, in: &result)
            errors.append(error)
        }
        let analysis = result
        for analyzer in analyzers {
            do {
                let settings = try config.settings(for: analyzer.description.descriptor)
                let output = try analyzer.run(on: analysis, header: header, settings: settings)
                result.external.append(output.result)
                result.events.append(contentsOf: output.events)
                result.warnings.append(contentsOf: output.warnings)
            } catch {
                let error = error as? HingeCheckError ?? HingeCheckError(.plugin, "\(error)", path: analyzer.executable)
                record(error, id: analyzer.description.id, version: analyzer.description.version, executable: analyzer.executable, in: &result)
                errors.append(error)
            }
        }
        // Built-in and plugin events in one time line, as the report shows them (built-in
        // events alone are left exactly as the analysers wrote them).
        guard result.events.contains(where: { $0.plugin != nil }) else { return errors }
        result.events = result.events.enumerated().sorted { ($0.element.startS, $0.offset) < ($1.element.startS, $1.offset) }.map(\.element)
        return errors
    }

    private func record(_ error: HingeCheckError, id: String, version: String, executable: String, in result: inout AnalysisResult) {
        result.external.append(ExternalAnalyzerResult(id: id, version: version, executable: executable, status: .failed,
                                                      error: error.description))
        result.warnings.append(AnalysisWarning(
            code: Self.failureWarning,
            message: "The external analyser \(id) (\(executable)) failed, so its results are missing; the built-in results are complete. \(error.description.replacingOccurrences(of: "\n  fix:", with: " Fix:"))"))
    }
}

/// A plugin known only by its handshake, for checking its parameter table.
private struct DescribedPlugin: PostureAnalyzerPlugin {
    let descriptor: PluginDescriptor
    func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession {
        throw HingeCheckError(.internal, "external analyser \(descriptor.id) runs through ExternalAnalysisStage, not as a session")
    }
}
