import PoseCore

/// One line an external analyser writes after `start` (docs/plugins.md, "The protocol (version 1)"): an
/// `event`, the `rep_fields` of a rep, a `warning`, its own `error`, or `done`. Each is checked
/// against the plugin's handshake and the reps it was sent, so what reaches the report is what
/// the plugin declared.
enum ExternalAnalyzerReply: Equatable {
    case event(PostureEvent)
    case repFields(repIndex: Int, values: [String: ExternalAnalyzerResult.Value])
    case warning(AnalysisWarning)
    case error(String)
    case done

    /// What a line is checked against.
    struct Context {
        var description: ExternalAnalyzerDescription
        var executable: String
        /// Indices of the reps the analysis found (events and fields may refer only to these).
        var repIndices: Set<Int>
    }

    /// Parses one output line (its 1-based number is for the error).
    /// - Throws: `HingeCheckError` `.plugin` naming the executable, the line number and what is wrong.
    static func parse(_ line: String, number: Int, context: Context) throws -> ExternalAnalyzerReply {
        let id = context.description.id
        func bad(_ why: String) -> HingeCheckError {
            ExternalAnalyzerError.badLine(context.executable, id: id, line: number, text: line, why)
        }
        guard let object = PluginJSON.object(line) else { throw bad("not a JSON object") }
        switch object["type"]?.string {
        case "event": return .event(try event(object, context: context, bad: bad))
        case "rep_fields": return try repFields(object, context: context, bad: bad)
        case "warning":
            guard let code = object["code"]?.string, ExternalAnalyzerDescription.isValidName(code),
                  let message = object["message"]?.string else { throw bad("a warning needs a snake_case \"code\" and a \"message\"") }
            return .warning(AnalysisWarning(code: "\(id).\(code)", message: "\(id): \(message)"))
        case "error": return .error(object["message"]?.string ?? "(no message)")
        case "done": return .done
        case let other?: throw bad("unknown message type \"\(other)\" (expected event, rep_fields, warning, error or done)")
        case nil: throw bad("no \"type\"")
        }
    }

    private static func event(_ o: [String: PluginJSON], context: Context, bad: (String) -> HingeCheckError) throws -> PostureEvent {
        guard let code = o["code"]?.string, context.description.eventCodes.contains(code) else {
            throw bad("event \"code\" must be one the handshake declared (\(context.description.eventCodes.joined(separator: ", ")))")
        }
        guard let start = o["start_s"]?.number, let end = o["end_s"]?.number, start <= end else {
            throw bad("an event needs numbers \"start_s\" ≤ \"end_s\" (seconds)")
        }
        let rep = try repIndex(o["rep_index"] ?? .null, context: context, optional: true, bad: bad)
        let severity = o["severity"]?.number ?? 0.5
        guard (0...1).contains(severity) else { throw bad("\"severity\" must be in 0…1") }
        guard let message = o["message"]?.string, !message.isEmpty else { throw bad("an event needs a \"message\" for people") }
        return PostureEvent(code: code, startS: start, endS: end, repIndex: rep, severity: severity,
                            trunkInclinationDeg: o["trunk_inclination_deg"]?.number, message: message, plugin: context.description.id)
    }

    private static func repFields(_ o: [String: PluginJSON], context: Context, bad: (String) -> HingeCheckError) throws -> ExternalAnalyzerReply {
        guard let rep = try repIndex(o["rep_index"] ?? .null, context: context, optional: false, bad: bad) else {
            throw bad("rep_fields needs a \"rep_index\"")
        }
        guard let values = o["values"]?.objectValue else { throw bad("rep_fields needs a \"values\" object") }
        let declared = Set(context.description.repFields.map(\.name))
        var out: [String: ExternalAnalyzerResult.Value] = [:]
        for (name, value) in values {
            guard declared.contains(name) else { throw bad("field \"\(name)\" was not declared in the handshake's rep_fields") }
            switch value {
            case .number(let d): out[name] = .number(d)
            case .string(let s): out[name] = .text(s)
            case .bool(let b): out[name] = .flag(b)
            case .null: out[name] = .null
            case .array, .object: throw bad("field \"\(name)\" must be a number, a string, true/false or null")
            }
        }
        return .repFields(repIndex: rep, values: out)
    }

    private static func repIndex(_ value: PluginJSON, context: Context, optional: Bool, bad: (String) -> HingeCheckError) throws -> Int? {
        if value.isNull, optional { return nil }
        guard let index = value.integer, context.repIndices.contains(index) else {
            throw bad("\"rep_index\" must be the index of a rep it was sent (\(context.repIndices.sorted().map(String.init).joined(separator: ", ")))")
        }
        return index
    }
}
