// hingecheck-tempo: `hingecheck analyze` with one more analyser. It runs the standard analysis
// (HingeCheck's AnalysisJob: source → kinematics → built-in analysers → report) on a registry
// holding the built-in plugins plus `rep-tempo`, and writes the usual report.json, whose
// `analyzers.rep-tempo` holds the tempo (docs/report-schema.md).
//
//   hingecheck-tempo INPUT [--source ID] [--report FOLDER] [--set PLUGIN.PARAMETER=VALUE ...]
//
// It prints the report JSON (as `hingecheck analyze --json` does) and, with --report, writes the
// report folder. Kept to plain argument handling so the example depends on HingeCheck only.
import Analyzers
import Foundation
import PoseCore
import RepTempo
import Workflows

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("hingecheck-tempo: \(message)\n".utf8))
    exit(2)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var input: String?, source: String?, report: String?, assignments: [String] = []
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--report", "--source", "--set":
        guard !arguments.isEmpty else { fail("\(argument) needs a value") }
        let value = arguments.removeFirst()
        switch argument {
        case "--report": report = value
        case "--source": source = value
        default: assignments.append(value)
        }
    case "-h", "--help":
        print("usage: hingecheck-tempo INPUT [--source ID] [--report FOLDER] [--set PLUGIN.PARAMETER=VALUE ...]")
        exit(0)
    default:
        guard input == nil, !argument.hasPrefix("-") else { fail("unexpected argument \(argument); see --help") }
        input = argument
    }
}
guard let input else { fail("give a landmark file or video; see --help") }

do {
    var config = AnalysisConfig()
    try config.apply(assignments: assignments)
    let registry = try BuiltInPlugins.registry(adding: [RepTempoAnalyzer()])
    let outcome = try AnalysisJob(registry: registry, options: AnalysisJob.Options(input: input, sourceID: source, config: config,
                                                                                    reportFolder: report)).run()
    if let error = outcome.streamError ?? outcome.reportError { throw error }
    FileHandle.standardOutput.write(try outcome.document.jsonData())
    FileHandle.standardOutput.write(Data("\n".utf8))
} catch let error as HingeCheckError {
    fail(error.description)
} catch {
    fail("\(error)")
}
