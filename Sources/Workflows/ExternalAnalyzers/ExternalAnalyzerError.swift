import PoseCore

/// The errors of external analysers, each naming the plugin's executable (`path`) and the fix.
/// They go to stderr and, as `external_analyzer_failed` warnings, into the report; the built-in
/// results are kept (docs/plugins.md, "Errors").
enum ExternalAnalyzerError {
    /// Where to read about the protocol, in every hint.
    static let docs = "docs/plugins.md"

    static func cannotStart(_ executable: String, _ reason: String) -> HingeCheckError {
        HingeCheckError(.notFound, "the external analyser cannot be started: \(reason)", path: executable,
                        hint: "check that the file exists and is executable (chmod +x), and that its #! interpreter is installed")
    }

    static func timedOut(_ executable: String, id: String, waitingFor what: String, seconds: Double) -> HingeCheckError {
        HingeCheckError(.plugin, "external analyser \(id) timed out: nothing for \(Self.seconds(seconds)) s while \(what); it was stopped",
                        path: executable,
                        hint: "make the plugin answer sooner (it must read stdin as it comes), or allow it longer with timeout = SECONDS under [external-analyzers]")
    }

    static func crashed(_ executable: String, id: String, during what: String, end: String, stderr: String?) -> HingeCheckError {
        HingeCheckError(.plugin, "external analyser \(id) \(end) \(what)\(stderr.map { "; its stderr ended: \($0)" } ?? "")",
                        path: executable,
                        hint: "run the plugin by hand on the lines in \(docs) to see why, or turn it off with \(id) = false under [external-analyzers]")
    }

    static func badLine(_ executable: String, id: String, line: Int, text: String, _ why: String) -> HingeCheckError {
        HingeCheckError(.plugin, "external analyser \(id), output line \(line): \(why): \(Self.shown(text))", path: executable,
                        hint: "each line the plugin writes on stdout must be one JSON message of \(docs) (write logs to stderr)")
    }

    static func versionMismatch(_ executable: String, id: String, theirs: Int) -> HingeCheckError {
        HingeCheckError(.versionMismatch,
                        "external analyser \(id) speaks protocol version \(theirs); this hingecheck speaks \(ExternalAnalyzerProtocol.version)",
                        path: executable,
                        hint: "update the plugin to protocol \(ExternalAnalyzerProtocol.version) (\(docs)), or use a hingecheck that speaks \(theirs)")
    }

    static func reported(_ executable: String, id: String, message: String) -> HingeCheckError {
        HingeCheckError(.plugin, "external analyser \(id) reported an error: \(message)", path: executable,
                        hint: "see the plugin's own documentation; turn it off with \(id) = false under [external-analyzers]")
    }

    static func seconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }

    /// At most 120 characters of an offending line, so a megabyte of junk does not flood the terminal.
    static func shown(_ text: String) -> String {
        let cut = text.prefix(120)
        return "`\(cut)\(cut.count < text.count ? "…" : "")`"
    }
}

extension HingeCheckError.Code {
    /// An external analyser failed (crash, bad output, timeout): docs/plugins.md.
    public static let plugin = HingeCheckError.Code("plugin")
}
