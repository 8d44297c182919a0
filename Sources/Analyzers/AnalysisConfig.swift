import Foundation
import PoseCore

/// Parameter overrides per plugin, from a config file and `--set plugin.parameter=value`.
///
/// The file is a TOML subset: `[plugin-id]` tables holding `parameter = value` lines (numbers,
/// or strings in double quotes), `#` comments. Example:
///
///     [shear-guard]
///     flexion-threshold = 18   # deg
///     [reps]
///     enter-deg = 35
public struct AnalysisConfig: Sendable, Hashable {
    public var overrides: [String: [String: String]] = [:]

    public init(overrides: [String: [String: String]] = [:]) {
        self.overrides = overrides
    }

    /// Parses a config file.
    /// - Throws: `HingeCheckError` `.badInput` naming the file and line.
    public static func load(from url: URL) throws -> AnalysisConfig {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw HingeCheckError(.notFound, "cannot read the config file", path: url.path)
        }
        return try parse(text, path: url.path)
    }

    public static func parse(_ text: String, path: String) throws -> AnalysisConfig {
        var config = AnalysisConfig()
        var table: String?
        for (n, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(rawLine)
            if let hash = line.firstIndex(of: "#"), !line[..<hash].contains("\"") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                table = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let table else {
                throw HingeCheckError(.badInput, "line \(n + 1): expected `[plugin-id]` or `parameter = value`", path: path)
            }
            var value = parts[1]
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            config.overrides[table, default: [:]][parts[0]] = value
        }
        return config
    }

    /// Adds `plugin.parameter=value` overrides.
    /// - Throws: `.invalidArgument` for a malformed item.
    public mutating func apply(assignments: [String]) throws {
        for item in assignments {
            let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
            let key = kv.first?.split(separator: ".", maxSplits: 1).map(String.init) ?? []
            guard kv.count == 2, key.count == 2 else {
                throw HingeCheckError(.invalidArgument, "--set \(item): expected PLUGIN.PARAMETER=VALUE, e.g. shear-guard.flexion-threshold=18")
            }
            overrides[key[0], default: [:]][key[1]] = kv[1]
        }
    }

    /// Settings for one plugin.
    /// - Throws: `.invalidArgument` for unknown parameters.
    public func settings(for descriptor: PluginDescriptor) throws -> PluginSettings {
        try PluginSettings(descriptor: descriptor, overrides: overrides[descriptor.id] ?? [:])
    }

    /// Checked before any work starts (a batch of a thousand inputs should not fail a thousand
    /// times over one typo).
    /// - Throws: `.invalidArgument` when a table names no known plugin, or a plugin has no such parameter.
    public func validate(against registry: PluginRegistry) throws {
        for id in overrides.keys.sorted() {
            guard let descriptor = registry.descriptor(id: id) else {
                throw HingeCheckError(.invalidArgument, "the configuration names unknown plugin \"\(id)\"",
                                      hint: "see `hingecheck plugins` for the ids")
            }
            _ = try settings(for: descriptor)
        }
    }
}
