import Analyzers
import Foundation
import PoseCore

/// The `[external-analyzers]` table of an analysis config (docs/plugins.md, "Discovery"): which
/// external analysers run, where they are, and how long each may stay silent.
///
///     [external-analyzers]
///     hinge-depth = "plugins/hingecheck-analyzer-hinge-depth"   # run this file (relative to the config file)
///     bar-path = true          # run hingecheck-analyzer-bar-path from `folder` or PATH
///     folder = "plugins"       # also search here (before $HINGECHECK_PLUGIN_PATH and PATH)
///     timeout = 10             # seconds a plugin may stay silent or stop reading
///
/// Nothing runs unless named here (or with `--set external-analyzers.ID=true`): a program that
/// merely lies on PATH is listed by `hingecheck plugins`, never started by an analysis.
public struct ExternalAnalyzerSettings: Sendable, Hashable {
    /// The config table's name; `AnalysisConfig.validate` leaves it (and the tables of the
    /// plugins it enables, whose parameters only the plugin's handshake declares) to this type.
    public static let table = AnalysisConfig.externalAnalyzersTable
    /// Keys of the table that are settings, not plugin ids.
    static let settingKeys: Set<String> = ["folder", "timeout"]   // as AnalysisConfig.externallyChecked
    public static let defaultTimeoutS = 10.0

    /// One plugin the configuration turns on.
    public struct Entry: Sendable, Hashable {
        public var id: String
        /// The executable given in the config (resolved against the config file's folder); nil
        /// to look `hingecheck-analyzer-ID` up in the folders and PATH.
        public var path: String?
    }

    public var entries: [Entry]
    /// Seconds a plugin may take to answer or to take input before it counts as hung.
    public var timeoutS: Double
    /// Plugin folders from the config, searched first.
    public var folders: [String]
    /// The config file the table came from, for messages; nil when it is only in `--set`.
    public var configPath: String?

    /// Reads the table from `config`.
    /// - Throws: `.invalidArgument` naming the config file and line for a bad timeout, an id
    ///   that is not kebab-case or a value that is neither a path nor true/false.
    public init(_ config: AnalysisConfig) throws {
        let values = config.overrides[Self.table] ?? [:]
        configPath = config.origins[Self.table]?.path
        // A relative path from the file starts at the file's folder; one from --set (which has
        // no origin) at the current folder, as any command-line path does.
        func resolve(_ path: String, key: String) -> String {
            guard !path.hasPrefix("/"), let file = config.origins["\(Self.table).\(key)"]?.path else { return path }
            return URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent(path).standardizedFileURL.path
        }
        timeoutS = Self.defaultTimeoutS
        if let text = values["timeout"] {
            guard let t = Double(text), t.isFinite, t > 0, t <= 3600 else {
                throw Self.located(config, key: "timeout", "external-analyzers.timeout = \"\(text)\" is not a number of seconds in 0…3600",
                                   hint: "give the seconds a plugin may stay silent, e.g. timeout = 10")
            }
            timeoutS = t
        }
        folders = values["folder"].map { [resolve($0, key: "folder")] } ?? []
        entries = []
        for (key, value) in values.sorted(by: { $0.key < $1.key }) where !Self.settingKeys.contains(key) {
            guard ExternalAnalyzerDescription.isValidID(key) else {
                throw Self.located(config, key: key, "external-analyzers.\(key): \"\(key)\" is not a plugin id",
                                   hint: "ids are kebab-case (a-z, 0-9, -), e.g. hinge-depth = true; the other keys are folder and timeout")
            }
            switch value {
            case "false": continue
            case "true": entries.append(Entry(id: key, path: nil))
            case "": throw Self.located(config, key: key, "external-analyzers.\(key) is empty",
                                        hint: "give the executable's path, or true to look up hingecheck-analyzer-\(key)")
            default: entries.append(Entry(id: key, path: resolve(value, key: key)))
            }
        }
    }

    /// Plugin ids whose `[id]` parameter tables the handshake checks instead of `AnalysisConfig.validate`.
    public var enabledIDs: Set<String> { Set(entries.map(\.id)) }

    private static func located(_ config: AnalysisConfig, key: String, _ message: String, hint: String) -> HingeCheckError {
        guard let origin = config.origins["\(table).\(key)"] else { return HingeCheckError(.invalidArgument, message, hint: hint) }
        return HingeCheckError(.invalidArgument, (origin.line.map { "line \($0): " } ?? "") + message, path: origin.path, hint: hint)
    }
}
