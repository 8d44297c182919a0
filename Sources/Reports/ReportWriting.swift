import Foundation
import PoseCore

/// Atomic file writes for reports: write to a temporary file in the same folder, then rename,
/// so a crash mid-report never leaves a half-written file under the final name.
public enum AtomicFile {
    /// - Throws: `HingeCheckError` `.io` naming the file and the fix.
    public static func write(_ data: Data, to url: URL) throws {
        let folder = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw HingeCheckError(.io, "folder does not exist", path: folder.path, hint: "create it first, or pick another --out folder")
        }
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temp)
        } catch {
            throw HingeCheckError(.io, "cannot write: \(error.localizedDescription)", path: url.path,
                                  hint: "check that the folder is writable and the disk is not full")
        }
        guard rename(temp.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temp)
            throw HingeCheckError(.io, "cannot move the finished file into place", path: url.path)
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }
}
