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
    /// Where each value read from a file came from, so a bad one is reported at its line:
    /// "plugin" (the table) and "plugin.parameter" → (file, 1-based line). `--set` values have none.
    public var origins: [String: Origin] = [:]

    public struct Origin: Sendable, Hashable {
        public var path: String
        public var line: Int
    }

    public init(overrides: [String: [String: String]] = [:]) {
        self.overrides = overrides
    }

    /// Parses a config file.
    /// - Throws: `HingeCheckError` `.badInput` naming the file and line.
    public static func load(from url: URL) throws -> AnalysisConfig {
        try RegularFile.check(url.path, expected: "a config file")
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
                let name = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                table = name
                if config.origins[name] == nil { config.origins[name] = Origin(path: path, line: n + 1) }
                if config.overrides[name] == nil { config.overrides[name] = [:] }   // an empty table's name is checked too
                continue
            }
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else {
                throw HingeCheckError(.badInput, "line \(n + 1): expected `[plugin-id]` or `parameter = value`, found `\(line)`", path: path)
            }
            guard let table else {
                throw HingeCheckError(.badInput, "line \(n + 1): `\(line)` comes before any [plugin-id] table", path: path,
                                      hint: "put it under its plugin's table, e.g. [shear-guard] on the line above; `hingecheck plugins` lists the ids")
            }
            var value = parts[1]
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            config.overrides[table, default: [:]][parts[0]] = value
            config.origins["\(table).\(parts[0])"] = Origin(path: path, line: n + 1)
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
            origins["\(key[0]).\(key[1])"] = nil    // --set wins over the file, and is reported as --set
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
                throw located(HingeCheckError(.invalidArgument, "the configuration names unknown plugin \"\(id)\"",
                                              hint: "see `hingecheck plugins` for the ids"), at: origins[id])
            }
            // One value at a time, so an error can point at the file line it came from.
            for (key, value) in (overrides[id] ?? [:]).sorted(by: { $0.key < $1.key }) {
                do { _ = try PluginSettings(descriptor: descriptor, overrides: [key: value]) } catch let error as HingeCheckError {
                    throw located(error, at: origins["\(id).\(key)"])
                }
            }
            _ = try settings(for: descriptor)
        }
    }

    /// The error at a config file's line, or unchanged for a value from `--set`.
    private func located(_ error: HingeCheckError, at origin: Origin?) -> HingeCheckError {
        guard let origin else { return error }
        return HingeCheckError(error.code, "line \(origin.line): \(error.message)", path: origin.path, hint: error.hint)
    }
}
