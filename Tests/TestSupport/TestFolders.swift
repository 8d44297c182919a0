import Foundation

/// Temporary folders for tests, all inside one folder per test process that is removed when the
/// process exits: test runs used to leave report folders, clips and CLI outputs in /tmp, tens of
/// megabytes a run.
public enum TestFolders {
    /// The process's parent folder, made on first use and removed at exit.
    static let root: URL = {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hc-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestFolders.root) }
        return url
    }()

    /// A new, empty folder `PREFIX-UUID` inside the process's parent folder.
    public static func make(_ prefix: String) -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
