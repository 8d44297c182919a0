/// One check an analyser plugin failed: which check, and what is wrong in words that say the fix.
public struct ConformanceFailure: Sendable, Hashable, CustomStringConvertible {
    /// The check's stable name, e.g. "descriptor.id" or "session.deterministic" (docs/plugins-swift.md lists them).
    public var check: String
    public var message: String

    public init(check: String, message: String) {
        self.check = check
        self.message = message
    }

    public var description: String { "\(check): \(message)" }
}
