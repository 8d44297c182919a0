/// A `DecodingError` in a few words a person can act on, naming the field at fault ("missing
/// \"name\"", "wrong type at lm.3.x", "not valid JSON"): Foundation's own description names
/// Swift types and coding-path internals instead.
public enum DecodingErrorText {
    /// - Returns: the few words; any other error's description unchanged.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "not valid JSON" : "bad value\(at(c.codingPath))"
        case .keyNotFound(let key, let c): return "missing \"\(key.stringValue)\"\(at(c.codingPath))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "wrong type\(at(c.codingPath))"
        @unknown default: return "not the expected document"
        }
    }
}
