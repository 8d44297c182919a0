import Foundation
import PoseCore

/// One external analyser: an executable that speaks docs/plugins.md's JSON Lines protocol.
/// Each use starts it afresh (no state survives between analyses) and stops it at the end.
struct ExternalAnalyzer: Sendable {
    var location: ExternalAnalyzerFinder.Location
    var description: ExternalAnalyzerDescription
    /// Seconds the plugin may stay silent or stop taking input.
    var timeoutS: Double

    var executable: String { location.executable }

    /// What one run gave: its record for the report, its events and warnings.
    struct Output {
        var result: ExternalAnalyzerResult
        var events: [PostureEvent] = []
        var warnings: [AnalysisWarning] = []
    }

    /// Starts the plugin, says hello and reads its handshake.
    /// - Throws: `HingeCheckError` naming the executable: it cannot start, crashed, timed out,
    ///   speaks another protocol version, answered with a bad line, or announced another id.
    static func describe(_ location: ExternalAnalyzerFinder.Location, timeoutS: Double) throws -> ExternalAnalyzer {
        let process = try start(location.executable)
        do {
            let description = try handshake(process, location: location, timeoutS: timeoutS)
            process.finish(grace: timeoutS)    // stdin closes: a plugin exits after a handshake alone
            return ExternalAnalyzer(location: location, description: description, timeoutS: timeoutS)
        } catch {
            process.finish(grace: 0)           // a hung plugin is not given a second allowance
            throw error
        }
    }

    /// Runs the plugin over an analysis: handshake, `start`, the samples and reps it needs, `end`,
    /// then its replies up to `done`.
    /// - Throws: `HingeCheckError` naming the executable (see `describe`, plus a bad reply line,
    ///   an `error` message from the plugin, or an exit before `done` or with a failure status).
    func run(on analysis: AnalysisResult, header: LandmarkFileHeader, settings: PluginSettings) throws -> Output {
        let process = try Self.start(executable)
        defer { process.finish(grace: 0) }
        let described = try Self.handshake(process, location: location, timeoutS: timeoutS)
        guard described == description else {
            throw ExternalAnalyzerError.badLine(executable, id: description.id, line: 1, text: "describe",
                                                "the handshake changed since it was first read; the plugin must describe itself the same way every time")
        }
        try sendInput(process, analysis: analysis, header: header, settings: settings)
        let context = ExternalAnalyzerReply.Context(description: description, executable: executable,
                                                    repIndices: Set(analysis.reps.map(\.index)))
        var output = Output(result: ExternalAnalyzerResult(id: description.id, version: description.version, executable: executable,
                                                           status: .ok, fields: description.repFields))
        var number = 1
        while true {
            number += 1
            guard let line = try receive(process, while: "HingeCheck waited for its results (event, rep_fields, done)") else {
                throw crashed(process, during: "before it sent done")
            }
            if line.allSatisfy(\.isWhitespace) { continue }
            switch try ExternalAnalyzerReply.parse(line, number: number, context: context) {
            case .event(let event): output.events.append(event)
            case .repFields(let rep, let values): output.result.repValues[rep, default: [:]].merge(values) { $1 }
            case .warning(let warning): output.warnings.append(warning)
            case .error(let message): throw ExternalAnalyzerError.reported(executable, id: description.id, message: message)
            case .done:
                let end = process.finish(grace: timeoutS)
                guard end == "exited with status 0" else { throw crashed(process, during: "after done", end: end) }
                return output
            }
        }
    }

    // MARK: Steps

    private static func start(_ executable: String) throws -> PluginProcess {
        do {
            return try PluginProcess(executable: URL(fileURLWithPath: executable))
        } catch PluginProcess.Failure.system(let reason) {
            throw ExternalAnalyzerError.cannotStart(executable, reason)
        }
    }

    private static func handshake(_ process: PluginProcess, location: ExternalAnalyzerFinder.Location, timeoutS: Double) throws -> ExternalAnalyzerDescription {
        let executable = location.executable
        let what = "HingeCheck waited for its describe line (the answer to hello)"
        do {
            try process.send(ExternalAnalyzerProtocol.hello(), timeout: timeoutS)
            guard let line = try process.receive(timeout: timeoutS) else {
                throw ExternalAnalyzerError.crashed(executable, id: location.id, during: "before its handshake",
                                                    end: process.endText ?? "closed its output", stderr: process.stderrTail())
            }
            let description = try ExternalAnalyzerDescription.parse(line, executable: executable)
            guard description.id == location.id else {
                throw ExternalAnalyzerError.badLine(executable, id: description.id, line: 1, text: line,
                                                    "it calls itself \"\(description.id)\" but was found as \"\(location.id)\" (file name or config key)")
            }
            return description
        } catch let failure as PluginProcess.Failure {
            throw wording(failure, process: process, id: location.id, while: what, timeoutS: timeoutS)
        }
    }

    /// `start`, then the samples and reps the plugin asked for, then `end`.
    private func sendInput(_ process: PluginProcess, analysis: AnalysisResult, header: LandmarkFileHeader, settings: PluginSettings) throws {
        let needs = Set(description.needs)
        let samples = needs.contains(.samples) ? analysis.samples : []
        let reps = needs.contains(.reps) ? analysis.reps : []
        var parameters: [String: String] = [:]
        for p in description.parameters { parameters[p.name] = settings.text(p.name) }
        do {
            try process.send(ExternalAnalyzerProtocol.start(parameters: parameters, header: header,
                                                            sampleCount: samples.count, repCount: reps.count), timeout: timeoutS)
            for s in samples { try process.send(ExternalAnalyzerProtocol.sample(s), timeout: timeoutS) }
            for r in reps { try process.send(ExternalAnalyzerProtocol.rep(r), timeout: timeoutS) }
            try process.send(ExternalAnalyzerProtocol.end(), timeout: timeoutS)
            process.closeInput()
        } catch let failure as PluginProcess.Failure {
            throw Self.wording(failure, process: process, id: description.id,
                               while: "HingeCheck was sending it the samples and reps", timeoutS: timeoutS)
        }
    }

    private func receive(_ process: PluginProcess, while what: String) throws -> String? {
        do {
            return try process.receive(timeout: timeoutS)
        } catch let failure as PluginProcess.Failure {
            throw Self.wording(failure, process: process, id: description.id, while: what, timeoutS: timeoutS)
        }
    }

    private func crashed(_ process: PluginProcess, during what: String, end: String? = nil) -> HingeCheckError {
        let end = end ?? process.finish(grace: min(timeoutS, 2))
        return ExternalAnalyzerError.crashed(executable, id: description.id, during: what, end: end, stderr: process.stderrTail())
    }

    /// A channel failure in people's words, naming the executable.
    private static func wording(_ failure: PluginProcess.Failure, process: PluginProcess, id: String, while what: String,
                                timeoutS: Double) -> HingeCheckError {
        let executable = process.executable.path
        switch failure {
        case .timedOut:
            return ExternalAnalyzerError.timedOut(executable, id: id, waitingFor: what, seconds: timeoutS)
        case .closed:
            return ExternalAnalyzerError.crashed(executable, id: id, during: "while \(what)", end: process.finish(grace: min(timeoutS, 2)),
                                                 stderr: process.stderrTail())
        case .lineTooLong:
            return ExternalAnalyzerError.badLine(executable, id: id, line: 0, text: "",
                                                 "a line longer than \(PluginProcess.maxLineBytes) bytes (no newline?)")
        case .system(let reason):
            return ExternalAnalyzerError.crashed(executable, id: id, during: "while \(what)", end: "could not be talked to (\(reason))",
                                                 stderr: process.stderrTail())
        }
    }
}
