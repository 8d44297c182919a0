import Foundation
import PoseCore

/// Reads a text file for an importer, with the errors every importer gives.
enum ImportFile {
    /// The file's text; UTF-8 (a BOM is dropped), else Latin-1.
    /// - Throws: `.notFound`, `.badInput` (a folder, empty), `.io`.
    static func text(_ url: URL, what: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw HingeCheckError(.notFound, "no such file", path: url.path)
        }
        guard !isDir.boolValue else {
            throw HingeCheckError(.badInput, "is a folder, expected \(what)", path: url.path)
        }
        try RegularFile.check(url.path, expected: what)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HingeCheckError(.io, "cannot read: \(error.localizedDescription)", path: url.path)
        }
        return try decode(data, path: url.path, what: what)
    }

    static func decode(_ data: Data, path: String, what: String) throws -> String {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw HingeCheckError(.badInput, "file is empty", path: path, hint: "expected \(what)")
        }
        if bytes.contains(0) {
            throw HingeCheckError(.badInput, "is a binary file, expected \(what)", path: path)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lines split on LF, CRLF or CR, with their 1-based numbers.
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var out: [(Int, Substring)] = []
        var n = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            n += 1
            out.append((n, line))
        }
        return out
    }
}
