import Foundation
import PoseCore

/// Finds external analysers (docs/plugins.md, "Discovery"): the executables a config names,
/// and every `hingecheck-analyzer-NAME` in the plugin folders — the config's `folder`, then
/// `$HINGECHECK_PLUGIN_PATH` (colon-separated), then `PATH`. The first one found for a name wins,
/// as a shell would pick it.
public struct ExternalAnalyzerFinder: Sendable {
    /// Executables are named this, then the plugin's id.
    public static let prefix = "hingecheck-analyzer-"
    public static let pathVariable = "HINGECHECK_PLUGIN_PATH"

    /// A plugin executable and how it was found.
    public struct Location: Sendable, Hashable {
        /// The id its file name or the config gives; the handshake must announce the same.
        public var id: String
        public var executable: String
        /// "config file hinge.toml", "plugin folder /opt/hc", "PATH", for `hingecheck plugins`.
        public var foundBy: String
    }

    public var settings: ExternalAnalyzerSettings
    public var environment: [String: String]

    public init(settings: ExternalAnalyzerSettings, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.settings = settings
        self.environment = environment
    }

    /// The folders searched, in order, each with how it came to be searched.
    var folders: [(path: String, foundBy: String)] {
        let configured = settings.folders.map { ($0, "plugin folder \($0) (from \(settings.configPath ?? "--set"))") }
        let plugin = (environment[Self.pathVariable] ?? "").split(separator: ":").map { (String($0), "\(Self.pathVariable) folder \($0)") }
        let path = (environment["PATH"] ?? "").split(separator: ":").map { (String($0), "PATH (\($0))") }
        return configured + plugin + path
    }

    /// Every plugin executable in the folders, first of each name (for `hingecheck plugins`).
    public func all() -> [Location] {
        var seen = Set<String>()
        var found: [Location] = []
        for entry in settings.entries {
            if let location = try? locate(entry) { seen.insert(location.id); found.append(location) }
        }
        for (folder, foundBy) in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names.sorted() where name.hasPrefix(Self.prefix) {
                let id = String(name.dropFirst(Self.prefix.count))
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                guard ExternalAnalyzerDescription.isValidID(id), Self.isExecutableFile(path), seen.insert(id).inserted else { continue }
                found.append(Location(id: id, executable: path, foundBy: foundBy))
            }
        }
        return found
    }

    /// The plugins the configuration turns on, in id order.
    /// - Throws: `.notFound` naming the config file when one cannot be found or is not executable.
    public func enabled() throws -> [Location] {
        try settings.entries.map(locate)
    }

    private func locate(_ entry: ExternalAnalyzerSettings.Entry) throws -> Location {
        let from = settings.configPath.map { "config file \($0)" } ?? "--set external-analyzers.\(entry.id)"
        if let path = entry.path {
            guard Self.isExecutableFile(path) else {
                throw HingeCheckError(.notFound, "external analyser \(entry.id): no executable file here (named in \(from))", path: path,
                                      hint: "check the path (relative paths start at the config file's folder) and chmod +x it")
            }
            return Location(id: entry.id, executable: path, foundBy: from)
        }
        for (folder, foundBy) in folders {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(Self.prefix + entry.id).path
            if Self.isExecutableFile(path) { return Location(id: entry.id, executable: path, foundBy: foundBy) }
        }
        throw HingeCheckError(.notFound, "external analyser \(entry.id) is turned on (\(from)) but no executable \(Self.prefix)\(entry.id) was found",
                              path: settings.configPath,
                              hint: "put it in a folder named by folder = \"...\" under [external-analyzers], in $\(Self.pathVariable) or on PATH, or give its path: \(entry.id) = \"path/to/it\"")
    }

    static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
