import Foundation
import PoseCore
import Testing

/// The release tarball on a machine without the toolchain (docs/install.md). Building the tarball
/// takes minutes (`make dist`), so the test runs only when asked: HINGECHECK_TEST_DIST=1, the
/// tarball of this version in out/, and the models installed.
struct DistTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let tarball = repo.appendingPathComponent("out/hingecheck-\(HingeCheckVersion.current)-linux-x86_64.tar.gz")

    static var ready: Bool {
        ProcessInfo.processInfo.environment["HINGECHECK_TEST_DIST"] == "1"
            && FileManager.default.fileExists(atPath: tarball.path)
    }

    @Test(.enabled(if: ready, "set HINGECHECK_TEST_DIST=1 after `make dist` (and `make models`)"))
    func distTarballRunsWithoutToolchain() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [Self.repo.appendingPathComponent("Benchmarks/install/test_dist.sh").path, Self.tarball.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("ok: --version = \(HingeCheckVersion.current)"), "\(text)")
        #expect(text.contains(" passed, 0 failed"), "\(text)")
    }
}
