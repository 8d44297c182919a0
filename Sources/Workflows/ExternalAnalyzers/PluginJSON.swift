import Foundation

/// A JSON value as a plugin wrote it. Decoded with `JSONDecoder`, which keeps `true` and `1`
/// apart (JSONSerialization on Linux hands both back as NSNumber).
enum PluginJSON: Decodable, Hashable {
    case object([String: PluginJSON])
    case array([PluginJSON])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null } else if let b = try? c.decode(Bool.self) { self = .bool(b) } else if let d = try? c.decode(Double.self) {
            self = .number(d)
        } else if let s = try? c.decode(String.self) { self = .string(s) } else if let a = try? c.decode([PluginJSON].self) {
            self = .array(a)
        } else { self = .object(try c.decode([String: PluginJSON].self)) }
    }

    /// The line as a JSON object; nil when it is not one.
    static func object(_ line: String) -> [String: PluginJSON]? {
        guard case .object(let o)? = try? JSONDecoder().decode(PluginJSON.self, from: Data(line.utf8)) else { return nil }
        return o
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var number: Double? { if case .number(let d) = self { d } else { nil } }
    var array: [PluginJSON]? { if case .array(let a) = self { a } else { nil } }
    var objectValue: [String: PluginJSON]? { if case .object(let o) = self { o } else { nil } }
    var isNull: Bool { self == .null }

    /// A whole number (protocol versions, rep indices).
    var integer: Int? { number.flatMap { $0 == $0.rounded() && abs($0) < 1e9 ? Int($0) : nil } }

    /// A scalar as the text `PluginSettings` holds (parameter defaults): numbers as written,
    /// whole numbers without ".0".
    var settingText: String? {
        switch self {
        case .string(let s): s
        case .bool(let b): String(b)
        case .number(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        default: nil
        }
    }
}
