/// An error a person can act on: what went wrong, with which file, and what to do next.
///
/// Codes are static values of a nested struct (not an enum) so that new codes can be added
/// without breaking callers that switch over them.
public struct HingeCheckError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file, folder or camera does not exist.
        public static let notFound = Code("not_found")
        /// The input exists but is not what was expected (empty, wrong type, damaged).
        public static let badInput = Code("bad_input")
        /// A file was written by an incompatible version of the format.
        public static let versionMismatch = Code("version_mismatch")
        /// Reading or writing failed at the operating-system level.
        public static let io = Code("io")
        /// A model file is missing or corrupt.
        public static let model = Code("model")
        /// A camera could not be opened or stopped delivering frames.
        public static let camera = Code("camera")
        /// A configuration value or command-line option is invalid.
        public static let invalidArgument = Code("invalid_argument")
        /// A bug: something that should not happen.
        public static let `internal` = Code("internal")
    }

    public var code: Code
    /// What went wrong, in plain words.
    public var message: String
    /// The file, folder or device concerned, when there is one.
    public var path: String?
    /// What the person should do about it.
    public var hint: String?

    public init(_ code: Code, _ message: String, path: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint
    }

    public var description: String {
        var text = path.map { "\($0): \(message)" } ?? message
        if let hint { text += "\n  fix: \(hint)" }
        return text
    }
}
