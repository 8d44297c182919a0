/// What kind of stage a plugin is in the pipeline (docs/plugins.md, "The pipeline").
public enum PluginKind: String, Sendable, Codable, CaseIterable {
    case landmarkSource = "landmark-source"
    case filter
    case analyzer
    case exporter
}

/// One documented, configurable parameter of a plugin.
public struct PluginParameter: Sendable, Hashable, Codable {
    /// kebab-case name used in config files and `--set name=value`.
    public var name: String
    /// The default value, as text (numbers in their unit).
    public var defaultValue: String
    /// The unit of the value ("deg", "s", "px", "Hz", "fraction"...), or nil when unitless.
    public var unit: String?
    /// One line on what it does.
    public var summary: String
    /// Where the default comes from (a paper, a measurement on the project's clips, a convention).
    public var source: String?
    /// For numeric parameters: the values that make sense (a negative duration, a confidence of
    /// 5 or a trunk inclination of 200° would silently flag everything or nothing). Overrides
    /// outside are refused before anything runs.
    public var minimum: Double?
    public var maximum: Double?
    /// For text parameters: the values it takes (anything else is refused before anything runs).
    public var choices: [String]?

    public init(_ name: String, default defaultValue: String, unit: String? = nil, summary: String, source: String? = nil,
                range: ClosedRange<Double>? = nil, choices: [String]? = nil) {
        self.choices = choices
        self.name = name
        self.defaultValue = defaultValue
        self.unit = unit
        self.summary = summary
        self.source = source
        self.minimum = range?.lowerBound
        self.maximum = range?.upperBound
    }

    /// "0…1 fraction" for help texts; nil without a range.
    public var rangeText: String? {
        guard let minimum, let maximum else { return nil }
        return "\(Self.number(minimum))…\(Self.number(maximum))\(unit.map { " \($0)" } ?? "")"
    }

    static func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(clampingRounded: v)) : String(v) }

    /// Checks an override against the declared range.
    /// - Throws: `.invalidArgument` naming `plugin.parameter`, the value and the range.
    func check(_ text: String, plugin: String) throws {
        if let choices, !choices.contains(text) {
            throw HingeCheckError(.invalidArgument, "\(plugin).\(name) = \"\(text)\" is not one of \(choices.joined(separator: ", "))",
                                  hint: "give one of \(choices.joined(separator: ", ")) (default \(defaultValue)); it sets: \(summary)")
        }
        guard let minimum, let maximum else { return }
        guard let value = Double(text), value.isFinite else {
            throw HingeCheckError(.invalidArgument, "\(plugin).\(name) = \"\(text)\" is not a number",
                                  hint: "give a number in \(rangeText ?? "")")
        }
        guard value >= minimum, value <= maximum else {
            throw HingeCheckError(.invalidArgument, "\(plugin).\(name) = \(text) is outside \(rangeText ?? "")",
                                  hint: "give a value in \(rangeText ?? "") (default \(defaultValue)); it sets: \(summary)")
        }
    }
}

/// The identity card of a plugin: stable id, one-line summary, parameters, and the data streams
/// it reads and writes (so a configuration can be checked before anything runs).
public struct PluginDescriptor: Sendable, Hashable, Codable {
    /// Stable kebab-case id, e.g. "shear-guard".
    public var id: String
    public var kind: PluginKind
    public var summary: String
    public var parameters: [PluginParameter]
    /// Streams it needs, e.g. [.kinematics, .reps].
    public var needs: [ResultStream]
    /// Streams it produces, e.g. [.events].
    public var emits: [ResultStream]

    public init(id: String, kind: PluginKind, summary: String, parameters: [PluginParameter] = [],
                needs: [ResultStream] = [], emits: [ResultStream] = []) {
        self.id = id
        self.kind = kind
        self.summary = summary
        self.parameters = parameters
        self.needs = needs
        self.emits = emits
    }

    /// The parameter's default, parsed as a number.
    public func defaultNumber(_ name: String) -> Double? {
        parameters.first { $0.name == name }.flatMap { Double($0.defaultValue) }
    }
}

/// Parameter values for one plugin: the descriptor's defaults overridden by configuration.
public struct PluginSettings: Sendable, Hashable {
    public let descriptor: PluginDescriptor
    public private(set) var overrides: [String: String]

    /// - Throws: `HingeCheckError.Code.invalidArgument` for a parameter the plugin does not have.
    public init(descriptor: PluginDescriptor, overrides: [String: String] = [:]) throws {
        for key in overrides.keys where !descriptor.parameters.contains(where: { $0.name == key }) {
            let known = descriptor.parameters.map(\.name).joined(separator: ", ")
            throw HingeCheckError(.invalidArgument, "plugin \(descriptor.id) has no parameter \"\(key)\"",
                                  hint: known.isEmpty ? "it takes no parameters" : "its parameters are: \(known)")
        }
        for parameter in descriptor.parameters {
            if let text = overrides[parameter.name] { try parameter.check(text, plugin: descriptor.id) }
        }
        self.descriptor = descriptor
        self.overrides = overrides
    }

    /// The value of a numeric parameter.
    /// - Throws: `.invalidArgument` when an override is not a number.
    public func number(_ name: String) throws -> Double {
        guard let parameter = descriptor.parameters.first(where: { $0.name == name }) else {
            throw HingeCheckError(.internal, "plugin \(descriptor.id) reads undeclared parameter \(name)")
        }
        let text = overrides[name] ?? parameter.defaultValue
        guard let value = Double(text), value.isFinite else {
            throw HingeCheckError(.invalidArgument, "\(descriptor.id).\(name) = \"\(text)\" is not a number")
        }
        return value
    }

    /// The value of a text parameter.
    public func text(_ name: String) -> String? {
        overrides[name] ?? descriptor.parameters.first { $0.name == name }?.defaultValue
    }
}
