import Foundation
import PoseCore
import TOMLKit

/// Parameter overrides per plugin, from a config file and `--set plugin.parameter=value`.
///
/// The file is TOML (parsed by TOMLKit, i.e. toml++): `[plugin-id]` tables holding
/// `parameter = value` lines. Values are numbers, strings (`"..."` or `'...'`) or booleans; `#`
/// comments may follow a value; LF and CRLF line ends both work. Example:
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
        /// 1-based; nil when the line could not be found (e.g. a dotted key `a.b = 1`).
        public var line: Int?
    }

    public init(overrides: [String: [String: String]] = [:]) {
        self.overrides = overrides
    }

    /// Parses a config file.
    /// - Throws: `HingeCheckError` `.badInput` naming the file and line.
    public static func load(from url: URL) throws -> AnalysisConfig {
        try RegularFile.check(url.path, expected: "a config file")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw HingeCheckError(.notFound, "cannot read the config file", path: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw HingeCheckError(.badInput, "the config file is not UTF-8 text", path: url.path,
                                  hint: "save it as UTF-8 (TOML files are UTF-8)")
        }
        return try parse(text, path: url.path)
    }

    /// Parses TOML text.
    /// - Parameter path: the file the text came from, named in errors and origins.
    /// - Throws: `HingeCheckError` `.badInput` naming the file and line: a TOML syntax error (at
    ///   TOMLKit's line and column), a value outside any `[plugin-id]` table, or a value that is not
    ///   a number, string or boolean.
    public static func parse(_ text: String, path: String) throws -> AnalysisConfig {
        let document: TOMLTable
        do {
            document = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let at = error.source.begin
            throw HingeCheckError(.badInput, "line \(at.line), column \(at.column): \(error.description)", path: path,
                                  hint: "the file is TOML: `[plugin-id]` tables of `parameter = value` lines, e.g. [shear-guard] then flexion-threshold = 18")
        }
        let lines = ConfigLineFinder(text)
        var config = AnalysisConfig()
        for name in document.keys.sorted() {
            guard let table = document[name]?.table else {
                let line = lines.line(ofKey: name, inTable: nil)
                let shown = line.flatMap { lines.text(at: $0) } ?? "\(name) = ..."
                throw HingeCheckError(.badInput, "\(line.map { "line \($0): " } ?? "")`\(shown)` comes before any [plugin-id] table", path: path,
                                      hint: "put it under its plugin's table, e.g. [shear-guard] on the line above; `hingecheck plugins` lists the ids")
            }
            config.origins[name] = Origin(path: path, line: lines.line(ofTable: name))
            config.overrides[name] = [:]    // an empty table's name is checked too
            for key in table.keys.sorted() {
                let line = lines.line(ofKey: key, inTable: name)
                guard let value = table[key], let text = Self.text(of: value) else {
                    throw HingeCheckError(.badInput, "\(line.map { "line \($0): " } ?? "")\(name).\(key): expected a number, a string or true/false",
                                          path: path, hint: "write `\(key) = 18` or `\(key) = \"text\"`; a plugin's parameters are not tables or arrays")
                }
                config.overrides[name, default: [:]][key] = text
                config.origins["\(name).\(key)"] = Origin(path: path, line: line)
            }
        }
        return config
    }

    /// A scalar as the text `PluginSettings` parses; nil for tables, arrays, dates.
    private static func text(of value: TOMLValueConvertible) -> String? {
        switch value.type {
        case .int: value.int.map { String($0) }
        case .double: value.double.map { String($0) }
        case .string: value.string
        case .bool: value.bool.map { String($0) }
        default: nil
        }
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

    /// Settings for a plugin that code outside it also reads (the live cue reads `reps` and
    /// `shear-guard`, the report's overlay `shear-guard`): the registry's descriptor when the
    /// registry has that id, else the plugin's own, so the defaults live only in its descriptor.
    /// - Throws: `.invalidArgument` for unknown parameters.
    public func settings(of plugin: some HingeCheckPlugin, in registry: PluginRegistry) throws -> PluginSettings {
        try settings(for: registry.descriptor(id: plugin.descriptor.id) ?? plugin.descriptor)
    }

    /// Checked before any work starts (a batch of a thousand inputs should not fail a thousand
    /// times over one typo).
    /// - Throws: `.invalidArgument` when a table names no known plugin, or a plugin has no such parameter.
    public func validate(against registry: PluginRegistry) throws {
        for id in overrides.keys.sorted() where !externallyChecked.contains(id) {
            if let why = Self.retiredTables[id] {
                // `config init` wrote every table, so an old file holds `[one-euro]` with its values
                // commented out: that empty table changes nothing and is let be; a value is refused.
                guard let key = overrides[id]?.keys.sorted().first else { continue }
                throw located(HingeCheckError(.invalidArgument, "\(id).\(key): \(why)", hint: "delete the [\(id)] table and its values from the config file"),
                              at: origins["\(id).\(key)"] ?? origins[id])
            }
            guard let descriptor = registry.descriptor(id: id) else {
                throw located(HingeCheckError(.invalidArgument, "the configuration names unknown plugin \"\(id)\"",
                                              hint: "see `hingecheck plugins` for the ids; an external analyser's table counts once it is turned on under [\(Self.externalAnalyzersTable)] (docs/plugins.md)"),
                              at: origins[id])
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

    /// Plugins that were removed, with why: their tables are refused with these words, not as unknown.
    static let retiredTables = [
        "one-euro": "the one-euro filter was removed: it was registered and configurable but never ran (the analysers smooth their own signals, docs/method.md)",
    ]

    /// The table that turns external analysers on (docs/plugins.md); Workflows'
    /// `ExternalAnalyzerSettings` reads it.
    public static let externalAnalyzersTable = "external-analyzers"

    /// Tables `validate` leaves alone: `[external-analyzers]` and the parameter tables of the
    /// external analysers it turns on, whose parameters only the plugin's own handshake declares
    /// (they are checked against it before the analysis starts).
    var externallyChecked: Set<String> {
        guard let table = overrides[Self.externalAnalyzersTable] else { return [] }
        let ids = table.filter { !["folder", "timeout"].contains($0.key) && $0.value != "false" }.keys
        return Set(ids).union([Self.externalAnalyzersTable])
    }

    /// The error at a config file's line, or unchanged for a value from `--set`.
    private func located(_ error: HingeCheckError, at origin: Origin?) -> HingeCheckError {
        guard let origin else { return error }
        let prefix = origin.line.map { "line \($0): " } ?? ""
        return HingeCheckError(error.code, prefix + error.message, path: origin.path, hint: error.hint)
    }
}
