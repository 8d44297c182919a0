import Foundation
import PoseCore

/// Atomic file writes for reports: write to a temporary file in the same folder, then rename,
/// so a crash mid-report never leaves a half-written file under the final name.
public enum AtomicFile {
    /// - Throws: `HingeCheckError` `.io` naming the file and the fix.
    public static func write(_ data: Data, to url: URL) throws {
        try replace(url) { temp in
            do {
                try data.write(to: temp)
            } catch {
                throw HingeCheckError(.io, "cannot write: \(error.localizedDescription)", path: url.path,
                                      hint: "check that the folder is writable and the disk is not full")
            }
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// Writes UTF-8 text atomically as `fill` makes it, piece by piece (a per-frame table need
    /// not be one string in memory): the pieces go into the same temporary file `write` uses,
    /// which is renamed over `url` once `fill` returns and the file is closed, so the file is
    /// complete or not there at all. The bytes are those of `write(all pieces joined, to: url)`.
    /// - Throws: `HingeCheckError` `.io` naming the file and the fix, or what `fill` throws.
    public static func stream(to url: URL, _ fill: (inout TextFileStream) throws -> Void) throws {
        func cannotWrite(_ reason: String) -> HingeCheckError {
            HingeCheckError(.io, "cannot write: \(reason)", path: url.path, hint: "check that the folder is writable and the disk is not full")
        }
        try replace(url) { temp in
            guard let file = fopen(temp.path, "wb") else { throw cannotWrite(String(cString: strerror(errno))) }
            var out = TextFileStream(file: file)
            do {
                try fill(&out)
            } catch {
                fclose(file)
                throw error
            }
            let failed = out.failure ?? (fflush(file) != 0 || ferror(file) != 0 ? String(cString: strerror(errno)) : nil)
            let closed = fclose(file) == 0
            if let reason = failed ?? (closed ? nil : String(cString: strerror(errno))) { throw cannotWrite(reason) }
        }
    }

    /// What makes both writes atomic: `body` writes a temporary file beside `url`, which is then
    /// renamed over it; when `body` or the rename fails, the temporary file is removed.
    /// - Throws: `.io` when the folder is missing or the rename fails, or what `body` throws.
    private static func replace(_ url: URL, body: (_ temp: URL) throws -> Void) throws {
        let folder = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir), isDir.boolValue else {
            throw HingeCheckError(.io, "folder does not exist", path: folder.path, hint: "create it first, or pick another --out folder")
        }
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try body(temp)
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw error
        }
        guard rename(temp.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temp)
            throw HingeCheckError(.io, "cannot move the finished file into place: \(reason)", path: url.path,
                                  hint: "remove or rename what is in the way, or pick another folder")
        }
    }
}

extension AtomicFile {

    /// Writes a folder of files: they go into a temporary sibling folder, which then replaces
    /// `url` (an older folder there is moved aside and removed once the new one is in place).
    /// - Throws: `HingeCheckError` `.io` naming the folder or file.
    public static func writeFolder(_ files: [(name: String, data: Data)], to url: URL) throws {
        try writeFolder(to: url) { write in
            for (name, data) in files { try write(name, data) }
        }
    }

    /// Writes a folder of files one at a time, as `fill` makes them (a file per frame need not
    /// all be in memory at once): `fill` calls `write(name, data)` for each. The folder appears
    /// under `url` only when `fill` returns, as `writeFolder(_:to:)`; an error from `fill` or a
    /// write leaves no trace.
    /// - Throws: `HingeCheckError` `.io` naming the folder or file, or what `fill` throws.
    public static func writeFolder(to url: URL, _ fill: (_ write: (String, Data) throws -> Void) throws -> Void) throws {
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
        do {
            try fill { name, data in
                do {
                    try data.write(to: temp.appendingPathComponent(name))
                } catch {
                    throw HingeCheckError(.io, "cannot write: \(error.localizedDescription)", path: url.appendingPathComponent(name).path,
                                          hint: "check free disk space")
                }
            }
        } catch {
            try? fm.removeItem(at: temp)
            throw error
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
