import Foundation
import PoseCore

/// How a command ends when external analysers failed: every error on stderr, then the first
/// thrown, so the exit status is non-zero after the (complete, built-in) results were shown and
/// the report written (docs/plugins.md, "Errors").
public enum ExternalAnalyzerFailures {
    /// - Throws: the first error, when there is any.
    public static func report(_ errors: [HingeCheckError]) throws {
        guard let first = errors.first else { return }
        for error in errors.dropFirst() { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
        FileHandle.standardError.write(Data("the built-in results and the report are complete; \(errors.count) external analyser\(errors.count == 1 ? "" : "s") failed\n".utf8))
        throw first
    }
}
