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
            try? FileManager.default.removeItem(at: temp)
            throw HingeCheckError(.io, "cannot write: \(error.localizedDescription)", path: url.path,
                                  hint: "check that the folder is writable and the disk is not full")
        }
        guard rename(temp.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw HingeCheckError(.io, "cannot move the finished file into place: \(reason)", path: url.path,
                                  hint: "remove or rename what is in the way, or pick another folder")
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Writes a folder of files: they go into a temporary sibling folder, which then replaces
    /// `url` (an older folder there is moved aside and removed once the new one is in place).
    /// - Throws: `HingeCheckError` `.io` naming the folder or file.
    public static func writeFolder(_ files: [(name: String, data: Data)], to url: URL) throws {
        let fm = FileManager.default
        let parent = url.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let temp = parent.appendingPathComponent(".\(url.lastPathComponent).\(pid).partial")
        let old = parent.appendingPathComponent(".\(url.lastPathComponent).\(pid).old")
        try? fm.removeItem(at: temp)
        do {
            try fm.createDirectory(at: temp, withIntermediateDirectories: false)
        } catch {
            throw HingeCheckError(.io, "cannot create a folder: \(error.localizedDescription)", path: url.path,
                                  hint: "check that the report folder is writable")
        }
        for (name, data) in files {
            do {
                try data.write(to: temp.appendingPathComponent(name))
            } catch {
                try? fm.removeItem(at: temp)
                throw HingeCheckError(.io, "cannot write: \(error.localizedDescription)", path: url.appendingPathComponent(name).path,
                                      hint: "check free disk space")
            }
        }
        var isDir: ObjCBool = false
        let exists = fm.fileExists(atPath: url.path, isDirectory: &isDir)
        if exists && !isDir.boolValue {
            try? fm.removeItem(at: temp)
            throw HingeCheckError(.io, "a file is in the way of the folder", path: url.path, hint: "remove it or pick another report folder")
        }
        if exists {
            try? fm.removeItem(at: old)
            guard rename(url.path, old.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(at: temp)
                throw HingeCheckError(.io, "cannot replace the old folder: \(reason)", path: url.path)
            }
        }
        guard rename(temp.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            if exists { _ = rename(old.path, url.path) }
            try? fm.removeItem(at: temp)
            throw HingeCheckError(.io, "cannot move the finished folder into place: \(reason)", path: url.path)
        }
        if exists { try? fm.removeItem(at: old) }
    }
}

extension AtomicFile {
    /// Renames a finished file (written elsewhere in the same folder) over `url`.
    /// - Throws: `.io` naming `url`.
    public static func moveIntoPlace(_ finished: URL, to url: URL) throws {
        guard rename(finished.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw HingeCheckError(.io, "cannot move the finished file into place: \(reason)", path: url.path,
                                  hint: "remove or rename what is in the way, or pick another folder")
        }
    }
}
