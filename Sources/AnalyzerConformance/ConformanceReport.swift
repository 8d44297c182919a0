/// What `AnalyzerConformance.check` found for one analyser plugin.
public struct ConformanceReport: Sendable, CustomStringConvertible {
    /// The plugin's id as its descriptor gives it.
    public var pluginID: String
    /// Names of the checks that ran (a check skipped because an earlier one failed is not here).
    public var checksRun: [String] = []
    public var failures: [ConformanceFailure] = []

    public init(pluginID: String) { self.pluginID = pluginID }

    public var passed: Bool { failures.isEmpty }

    /// The names of the failed checks, without repeats, in the order they failed.
    public var failedChecks: [String] {
        var seen = Set<String>()
        return failures.map(\.check).filter { seen.insert($0).inserted }
    }

    /// One line per failure, for a test's message.
    public var description: String {
        passed ? "\(pluginID): \(checksRun.count) checks passed"
            : "\(pluginID) fails \(failures.count) check(s):\n" + failures.map { "  - \($0)" }.joined(separator: "\n")
    }

    mutating func ran(_ check: String) { if !checksRun.contains(check) { checksRun.append(check) } }

    mutating func fail(_ check: String, _ message: String) {
        ran(check)
        failures.append(ConformanceFailure(check: check, message: message))
    }
}
