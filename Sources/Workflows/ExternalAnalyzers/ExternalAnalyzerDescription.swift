import Foundation
import PoseCore

/// An external analyser's handshake: the `describe` line it answers `hello` with
/// (docs/plugins.md, "describe"). Checked in full before any sample is sent, so a plugin that
/// declares nonsense fails at once, named, instead of halfway through a set.
struct ExternalAnalyzerDescription: Sendable, Hashable {
    /// What a plugin may ask for.
    enum Need: String, Sendable, Hashable, CaseIterable {
        /// Every kinematic sample, one `sample` line per frame.
        case samples
        /// The reps the built-in analysers found, one `rep` line each, after the samples.
        case reps

        /// The result stream it reads: samples are the session's kinematics.
        var stream: ResultStream { self == .samples ? .kinematics : .reps }
    }

    var id: String
    var version: String
    var summary: String
    var parameters: [PluginParameter]
    var needs: [Need]
    /// Event codes it may send.
    var eventCodes: [String]
    /// Per-rep fields it may send.
    var repFields: [ExternalAnalyzerResult.Field]

    /// How the plugin appears in `hingecheck plugins` and how its settings are checked.
    var descriptor: PluginDescriptor {
        PluginDescriptor(id: id, kind: .analyzer, summary: summary, parameters: parameters, needs: needs.map(\.stream),
                         emits: eventCodes.map { ResultStream("event:\($0)") } + repFields.map { ResultStream("rep:\($0.name)") })
    }

    /// kebab-case ids like the built-in plugins' ("hinge-depth"); they name config tables.
    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.first!.isLetter && id.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    /// snake_case names for fields and event codes (JSON keys, CSV columns).
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// Parses and checks the `describe` line.
    /// - Throws: `HingeCheckError` naming `executable`: `.versionMismatch` for another protocol
    ///   version, `.plugin` for a line that is not a valid `describe`.
    static func parse(_ line: String, executable: String) throws -> ExternalAnalyzerDescription {
        func bad(_ why: String, id: String = "(unnamed)") -> HingeCheckError {
            ExternalAnalyzerError.badLine(executable, id: id, line: 1, text: line, why)
        }
        guard let object = PluginJSON.object(line) else { throw bad("not a JSON object (the handshake must be a describe line)") }
        let id = object["id"]?.string ?? "(unnamed)"
        guard object["type"]?.string == "describe" else { throw bad("expected {\"type\": \"describe\", ...} in answer to hello", id: id) }
        guard let version = object["protocol"]?.integer else { throw bad("no integer \"protocol\"", id: id) }
        guard version == ExternalAnalyzerProtocol.version else {
            throw ExternalAnalyzerError.versionMismatch(executable, id: id, theirs: version)
        }
        guard isValidID(id) else { throw bad("\"id\" must be kebab-case (a-z, 0-9, -), e.g. \"hinge-depth\"", id: id) }
        guard let summary = object["summary"]?.string, !summary.isEmpty else { throw bad("no \"summary\" text", id: id) }
        let needs = try (object["needs"]?.array ?? []).map { item -> Need in
            guard let text = item.string, let need = Need(rawValue: text) else {
                throw bad("\"needs\" may hold only \(Need.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))", id: id)
            }
            return need
        }
        let emits = object["emits"]?.objectValue ?? [:]
        let codes = try (emits["events"]?.array ?? []).map { item -> String in
            guard let code = item.string, isValidName(code) else { throw bad("event codes in \"emits\" must be snake_case", id: id) }
            // The report's charts and the live view read posture_lost as the built-in verdict's.
            guard code != PostureEvent.postureLost else { throw bad("the event code posture_lost is the built-in verdict's; choose another", id: id) }
            return code
        }
        let fields = try (emits["rep_fields"]?.array ?? []).map { try field($0, bad: { bad($0, id: id) }) }
        guard Set(fields.map(\.name)).count == fields.count else { throw bad("two rep_fields share a name", id: id) }
        let parameters = try (object["parameters"]?.array ?? []).map { try parameter($0, bad: { bad($0, id: id) }) }
        return ExternalAnalyzerDescription(id: id, version: object["version"]?.string ?? "unversioned", summary: summary,
                                           parameters: parameters, needs: needs, eventCodes: codes, repFields: fields)
    }

    private static func field(_ item: PluginJSON, bad: (String) -> HingeCheckError) throws -> ExternalAnalyzerResult.Field {
        guard let f = item.objectValue, let name = f["name"]?.string, isValidName(name) else {
            throw bad("each rep_fields entry needs a snake_case \"name\"")
        }
        return ExternalAnalyzerResult.Field(name: name, unit: f["unit"]?.string, summary: f["summary"]?.string ?? "")
    }

    private static func parameter(_ item: PluginJSON, bad: (String) -> HingeCheckError) throws -> PluginParameter {
        guard let p = item.objectValue, let name = p["name"]?.string, isValidID(name) else {
            throw bad("each parameter needs a kebab-case \"name\"")
        }
        guard let text = p["default"]?.settingText else {
            throw bad("parameter \(name) needs a \"default\" (a number, a string or true/false)")
        }
        let minimum = p["minimum"]?.number, maximum = p["maximum"]?.number
        if (minimum == nil) != (maximum == nil) { throw bad("parameter \(name): give both \"minimum\" and \"maximum\", or neither") }
        let range = minimum.flatMap { lo in maximum.flatMap { hi in lo <= hi ? lo...hi : nil } }
        if minimum != nil, range == nil { throw bad("parameter \(name): \"minimum\" is above \"maximum\"") }
        return PluginParameter(name, default: text, unit: p["unit"]?.string, summary: p["summary"]?.string ?? "",
                               source: p["source"]?.string, range: range, choices: p["choices"]?.array?.compactMap(\.string))
    }
}
