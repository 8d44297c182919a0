import Foundation

/// Writes a native landmark file: a header line, then one `PoseFrame` per line.
///
/// Output is deterministic (sorted keys, shortest round-trip number formatting), so the same
/// frames always give the same bytes. Lines go to a temporary file that is renamed over the
/// destination by `finish()`, so an interrupted run never leaves a half-written file under the
/// final name; `flushEvery` bounds how many frames can be lost from the temporary file.
///
/// A recording that must survive the process being killed (`live --record`) uses
/// `Placement.inPlaceFlushingEveryFrame` instead: lines go straight to the final name, each
/// frame's line handed to the kernel as it is written, so after a SIGKILL or a power cut the
/// file holds the header and every frame written so far, each line whole.
public final class LandmarkFileWriter {
    /// Where lines go while the file is written.
    public enum Placement: Sendable {
        /// A hidden temporary file beside it, renamed over `url` by `finish()` (never half a file).
        case temporaryThenRename
        /// `url` itself, one write per frame (a killed run leaves every frame so far).
        case inPlaceFlushingEveryFrame
    }

    public let url: URL
    public let placement: Placement
    private let tempURL: URL
    private let handle: FileHandle
    private let encoder: JSONEncoder
    private var buffer = Data()
    private var finished = false

    /// Creates the file and writes the header.
    /// - Throws: `HingeCheckError` (`.io`) when the folder does not exist or is not writable.
    public init(url: URL, header: LandmarkFileHeader, placement: Placement = .temporaryThenRename) throws {
        self.url = url
        self.placement = placement
        self.tempURL = placement == .inPlaceFlushingEveryFrame ? url : url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).partial")
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard FileManager.default.createFile(atPath: tempURL.path, contents: nil) else {
            throw HingeCheckError(.io, "cannot create the landmark file", path: url.path,
                                  hint: "check that the folder exists and is writable")
        }
        do {
            handle = try FileHandle(forWritingTo: tempURL)
        } catch {
            throw HingeCheckError(.io, "cannot open for writing: \(error.localizedDescription)", path: url.path)
        }
        try appendLine(header)
        if placement == .inPlaceFlushingEveryFrame { try flush() }
    }

    deinit {
        if !finished && placement == .inPlaceFlushingEveryFrame {
            try? flush()
            try? handle.close()
        } else if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(at: tempURL)
        }
    }

    /// Appends one frame.
    public func write(_ frame: PoseFrame) throws {
        try appendLine(frame)
        if buffer.count > 1 << 16 || placement == .inPlaceFlushingEveryFrame { try flush() }
    }

    /// Flushes, closes and moves the file to its final name.
    public func finish() throws {
        guard !finished else { return }
        try flush()
        try handle.close()
        finished = true
        guard placement == .temporaryThenRename else { return }
        // rename(2) replaces an existing file atomically (FileManager.replaceItemAt fails on Linux
        // for plain files here).
        guard rename(tempURL.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tempURL)
            throw HingeCheckError(.io, "cannot move the finished file into place: \(reason)", path: url.path)
        }
    }

    private func appendLine(_ value: some Encodable) throws {
        buffer.append(try encoder.encode(value))
        buffer.append(0x0A)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw HingeCheckError(.io, "write failed: \(error.localizedDescription)", path: url.path,
                                  hint: "check free disk space")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads a native landmark file written by `LandmarkFileWriter` (or by hand).
public struct LandmarkFile: Sendable {
    public var header: LandmarkFileHeader
    public var frames: [PoseFrame]

    public init(header: LandmarkFileHeader, frames: [PoseFrame]) {
        self.header = header
        self.frames = frames
    }

    /// Reads and validates a whole file.
    /// - Throws: `HingeCheckError` naming the file and, for a bad line, its line number:
    ///   `.notFound`, `.badInput` (empty, not JSON Lines, not a landmark file),
    ///   `.versionMismatch`.
    public static func read(from url: URL) throws -> LandmarkFile {
        let path = url.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw HingeCheckError(.notFound, "no such file", path: path)
        }
        guard !isDir.boolValue else {
            throw HingeCheckError(.badInput, "is a directory, expected a .jsonl landmark file", path: path)
        }
        try RegularFile.check(path, expected: "a .jsonl landmark file")
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HingeCheckError(.io, "cannot read: \(error.localizedDescription)", path: path)
        }
        return try parse(data, path: path)
    }

    /// Parses file contents; `path` is only used in error messages.
    public static func parse(_ data: Data, path: String) throws -> LandmarkFile {
        let (file, badLine) = try parsePrefix(data, path: path)
        if let badLine { throw badLine }
        return file
    }

    /// Reads the frames up to the first bad line (a file cut off by a crash, or edited by hand)
    /// and returns that line's error beside them, so a caller can keep what was good.
    /// - Throws: `HingeCheckError` for a missing, unreadable or empty file and a bad header.
    public static func readPrefix(from url: URL) throws -> (file: LandmarkFile, badLine: HingeCheckError?) {
        let path = url.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw HingeCheckError(.notFound, "no such file", path: path)
        }
        guard !isDir.boolValue else {
            throw HingeCheckError(.badInput, "is a directory, expected a .jsonl landmark file", path: path)
        }
        try RegularFile.check(path, expected: "a .jsonl landmark file")
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HingeCheckError(.io, "cannot read: \(error.localizedDescription)", path: path)
        }
        return try parsePrefix(data, path: path)
    }

    /// `parse`, keeping the frames before the first bad line.
    public static func parsePrefix(_ data: Data, path: String) throws -> (file: LandmarkFile, badLine: HingeCheckError?) {
        let decoder = JSONDecoder()
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)[...]
        while let last = lines.last, last.allSatisfy({ $0 == 0x0D || $0 == 0x20 }) { lines.removeLast() }
        guard let first = lines.first else {
            throw HingeCheckError(.badInput, "file is empty", path: path,
                                  hint: "write one with `hingecheck landmarks VIDEO -o run.jsonl`")
        }
        let header: LandmarkFileHeader
        do {
            header = try decoder.decode(LandmarkFileHeader.self, from: Data(first))
        } catch {
            throw HingeCheckError(.badInput, "line 1 is not a HingeCheck landmark header", path: path,
                                  hint: "expected JSON Lines starting with {\"format\":\"\(LandmarkFileHeader.formatName)\",...}")
        }
        guard header.format == LandmarkFileHeader.formatName else {
            throw HingeCheckError(.badInput, "line 1 names format \"\(header.format)\", not \"\(LandmarkFileHeader.formatName)\"", path: path)
        }
        guard header.version == LandmarkFileHeader.currentVersion else {
            throw HingeCheckError(.versionMismatch,
                                  "landmark file format version \(header.version); this build reads version \(LandmarkFileHeader.currentVersion)",
                                  path: path,
                                  hint: header.version > LandmarkFileHeader.currentVersion
                                      ? "update HingeCheck, or re-extract the landmarks with this version"
                                      : "re-extract the landmarks with `hingecheck landmarks`")
        }
        // The checks the TRC and CSV importers make on their headers, in their words.
        guard header.fps == 0 || (header.fps > 0 && header.fps <= 10_000) else {
            throw HingeCheckError(.badInput, "line 1: fps \(PluginParameter.number(header.fps)) must be 0 (unknown) or above 0 and at most 10000",
                                  path: path, hint: "the header was edited or damaged; re-extract the file with `hingecheck landmarks`")
        }
        for (name, size) in [("width", header.width), ("height", header.height)] where !(0...100_000).contains(size) {
            throw HingeCheckError(.badInput, "line 1: \(name) \(size) is outside 0…100000",
                                  path: path, hint: "the header was edited or damaged; re-extract the file with `hingecheck landmarks`")
        }
        var frames: [PoseFrame] = []
        frames.reserveCapacity(lines.count - 1)
        for (offset, line) in lines.dropFirst().enumerated() {
            do {
                let frame = try decoder.decode(PoseFrame.self, from: Data(line))
                // Analysis assumes frames in order (binary searches over time, one sample per
                // index), as the TRC and CSV importers check: a frame out of order is a bad line.
                if let problem = Self.orderProblem(frame, after: frames.last) {
                    return (LandmarkFile(header: header, frames: frames),
                            HingeCheckError(.badInput, "line \(offset + 2) of \(lines.count): \(problem)", path: path,
                                            hint: "the file was edited or damaged; re-extract it with `hingecheck landmarks`"))
                }
                frames.append(frame)
            } catch {
                let last = offset + 2 == lines.count
                let bad = HingeCheckError(.badInput, "line \(offset + 2) of \(lines.count) is not a valid pose frame (\(Self.describe(error)))",
                                          path: path,
                                          hint: last ? "the last line is cut off (the writer stopped mid-line); the frames before it are whole. Re-extract the file to have them all"
                                                     : "the file was edited or damaged; re-extract it with `hingecheck landmarks`")
                return (LandmarkFile(header: header, frames: frames), bad)
            }
        }
        return (LandmarkFile(header: header, frames: frames), nil)
    }

    /// Why `frame` cannot follow `previous`, or nil when it can.
    static func orderProblem(_ frame: PoseFrame, after previous: PoseFrame?) -> String? {
        guard frame.index >= 0 else { return "frame \(frame.index) is not a whole number ≥ 0" }
        guard frame.time.isFinite else { return "time \(frame.time) is not a number" }
        guard let previous else { return nil }
        if frame.index <= previous.index { return "frame \(frame.index) does not follow frame \(previous.index)" }
        if frame.time < previous.time { return "time goes backwards (\(frame.time) s after \(previous.time) s)" }
        return nil
    }

    /// What a decoding error says, in a few words.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "not valid JSON" : "bad value\(at(c.codingPath))"
        case .keyNotFound(let key, let c): return "missing \"\(key.stringValue)\"\(at(c.codingPath))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "wrong type\(at(c.codingPath))"
        @unknown default: return "not a pose frame"
        }
    }
}
