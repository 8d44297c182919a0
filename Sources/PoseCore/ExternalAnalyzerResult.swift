/// What one external analyser (a separate executable speaking docs/plugins.md's protocol) added
/// to an analysis: its per-rep fields and whether it ran to the end. Its events join
/// `AnalysisResult.events` with `PostureEvent.plugin` set to its id.
///
/// A plugin that failed (crash, bad line, wrong protocol version, timeout) has `status` `failed`,
/// an `error` naming the executable and the fix, and no fields or events: a half-finished
/// plugin's numbers could mislead, and the built-in results stand without them.
public struct ExternalAnalyzerResult: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case ok
        case failed
    }

    /// One per-rep value a plugin declared in its handshake.
    public struct Field: Sendable, Hashable, Codable {
        /// snake_case, unique within the plugin, e.g. "depth_pct".
        public var name: String
        /// "deg", "s", "%", ...; nil when unitless.
        public var unit: String?
        public var summary: String
        public init(name: String, unit: String?, summary: String) {
            self.name = name
            self.unit = unit
            self.summary = summary
        }
    }

    /// A value a plugin gave for a rep: JSON's scalars (null is "could not tell").
    public enum Value: Sendable, Hashable, Codable {
        case number(Double)
        case text(String)
        case flag(Bool)
        case null

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .number(let v): try c.encode(v)
            case .text(let v): try c.encode(v)
            case .flag(let v): try c.encode(v)
            case .null: try c.encodeNil()
            }
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .flag(b) } else if let d = try? c.decode(Double.self) {
                self = .number(d)
            } else { self = .text(try c.decode(String.self)) }
        }
    }

    /// The plugin's id from its handshake, e.g. "hinge-depth".
    public var id: String
    /// The plugin's own version string, from its handshake.
    public var version: String
    /// The executable that ran, as found (for people and for bug reports).
    public var executable: String
    public var status: Status
    /// Why it failed, with the fix; nil when it ran to the end.
    public var error: String?
    /// The per-rep fields it declared, in its order.
    public var fields: [Field]
    /// Rep index → field name → value. A declared field a plugin did not send for a rep is absent.
    public var repValues: [Int: [String: Value]]

    public init(id: String, version: String, executable: String, status: Status, error: String? = nil,
                fields: [Field] = [], repValues: [Int: [String: Value]] = [:]) {
        self.id = id
        self.version = version
        self.executable = executable
        self.status = status
        self.error = error
        self.fields = fields
        self.repValues = repValues
    }
}
