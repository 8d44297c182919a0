import Foundation
import PoseCore

/// A report folder written as a unit: the new report is built in a hidden sibling folder and
/// swapped in by rename only once every file is there, so a run that fails part-way (an
/// exporter error, a full disk, a crash) leaves the old report exactly as it was, and a reader
/// never sees the old and the new lift mixed under one folder.
///
/// The swap: the old folder is renamed aside, the new one renamed into place, then what the
/// old folder held that is not a report file (a user's notes, batch's landmarks.jsonl and
/// done.json) is moved into the new one, and the old folder is removed. Report files of the old
/// report that the new one does not write (an annotated.mp4 of another lift) go with it.
/// Between the two renames (microseconds) the old report is whole under `.NAME.PID.previous`.
///
/// When the parent folder cannot take a sibling (not writable), the report is written in
/// place, file by file, each atomically, as before: `isStaged` says which.
public final class ReportFolderStaging {
    /// The folder the report ends up in.
    public let folder: URL
    /// Where files go until `commit()`: the sibling, or `folder` itself when not staged.
    public let workFolder: URL
    public var isStaged: Bool { workFolder != folder }
    private var done = false

    /// Names a report writes (exporters' files and annotated.mp4): these are replaced as a
    /// whole, never carried over from an old report.
    public static var reportNames: Set<String> { Set(ReportExporters.all.flatMap(\.outputFiles) + ["annotated.mp4"]) }

    /// Creates the hidden sibling (or falls back to writing in place).
    /// - Throws: `.io` from `ReportFolderWriter.createFolder` (a file in the way, not writable).
    public init(folder: URL) throws {
        self.folder = folder.standardizedFileURL
        try ReportFolderWriter.createFolder(self.folder)
        let pid = ProcessInfo.processInfo.processIdentifier
        let sibling = self.folder.deletingLastPathComponent().appendingPathComponent(".\(self.folder.lastPathComponent).\(pid).building")
        try? FileManager.default.removeItem(at: sibling)
        do {
            try FileManager.default.createDirectory(at: sibling, withIntermediateDirectories: false)
            workFolder = sibling
        } catch {
            workFolder = self.folder
        }
    }

    deinit {
        if !done { abandon() }
    }

    /// Removes the unfinished new report; the old folder is untouched.
    public func abandon() {
        done = true
        if isStaged { try? FileManager.default.removeItem(at: workFolder) }
    }

    /// Swaps the new report in (see the type's comment).
    /// - Throws: `.io` naming the folder when a rename fails; the old folder is then put back.
    public func commit() throws {
        guard !done else { return }
        done = true
        guard isStaged else { return }
        let fm = FileManager.default
        let previous = folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).previous")
        try? fm.removeItem(at: previous)
        guard rename(folder.path, previous.path) == 0 else { throw failure("cannot move the old report aside") }
        guard rename(workFolder.path, folder.path) == 0 else {
            let error = failure("cannot move the new report into place")
            _ = rename(previous.path, folder.path)
            try? fm.removeItem(at: workFolder)
            throw error
        }
        let kept = (try? fm.contentsOfDirectory(atPath: previous.path)) ?? []
        for name in kept where !Self.reportNames.contains(name) && !fm.fileExists(atPath: folder.appendingPathComponent(name).path) {
            _ = rename(previous.appendingPathComponent(name).path, folder.appendingPathComponent(name).path)
        }
        try? fm.removeItem(at: previous)
    }

    private func failure(_ what: String) -> HingeCheckError {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: workFolder)
        return HingeCheckError(.io, "\(what): \(reason)", path: folder.path,
                               hint: "check that the folder holding it is writable; the old report was left as it was")
    }
}
