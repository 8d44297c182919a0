import Analyzers
import Foundation
import PoseCore

/// One external analyser as `hingecheck plugins` shows it: where it was found, whether the
/// configuration turns it on, and its handshake (or why there is none).
public struct ExternalAnalyzerListing: Sendable {
    public var location: ExternalAnalyzerFinder.Location
    /// Its id, summary, parameters, needs and emits; nil when the handshake failed.
    public var descriptor: PluginDescriptor?
    public var version: String?
    /// Whether the configuration runs it in analyses (`ID = true` or a path under [external-analyzers]).
    public var enabled: Bool
    public var error: HingeCheckError?

    /// Every external analyser found, each handshaken (docs/plugins.md, "Discovery").
    /// - Throws: `HingeCheckError` for a bad `[external-analyzers]` table or a plugin it names
    ///   that cannot be found.
    public static func all(config: AnalysisConfig, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [ExternalAnalyzerListing] {
        let settings = try ExternalAnalyzerSettings(config)
        let finder = ExternalAnalyzerFinder(settings: settings, environment: environment)
        _ = try finder.enabled()    // a plugin the config names but that is missing is an error here too
        return finder.all().map { location in
            var listing = ExternalAnalyzerListing(location: location, enabled: settings.enabledIDs.contains(location.id))
            do {
                let analyzer = try ExternalAnalyzer.describe(location, timeoutS: settings.timeoutS)
                listing.descriptor = analyzer.description.descriptor
                listing.version = analyzer.description.version
            } catch {
                listing.error = error as? HingeCheckError ?? HingeCheckError(.plugin, "\(error)", path: location.executable)
            }
            return listing
        }
    }
}
