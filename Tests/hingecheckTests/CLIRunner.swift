import Foundation
import TestSupport

/// Runs the `hingecheck` binary built next to the test bundle.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

func hingecheckBinary() -> URL {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for dir in [here, here.deletingLastPathComponent()] {
        let candidate = dir.appendingPathComponent("hingecheck")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    // swift test's products folder: .build/<triple>/debug
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/hingecheck")
}

func runCLI(_ arguments: [String], environment: [String: String] = [:]) throws -> CLIResult {
    let process = Process()
    process.executableURL = hingecheckBinary()
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read before waiting so a full pipe cannot block the child.
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLIResult(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                     stderr: String(decoding: e, as: UTF8.self))
}

/// A new empty folder, removed with the others when the test process exits (TestFolders).
func tempFolder() -> URL {
    TestFolders.make("hc-cli")
}
