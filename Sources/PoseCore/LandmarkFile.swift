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

    /// The longest line a reader accepts, in bytes. A real frame line (33 landmarks with world
    /// coordinates and a back outline) is a few KB; a longer line is a damaged or foreign file,
    /// and refusing it keeps memory bounded (JSON decoding takes about 20 times a line's size).
    public static let maxLineBytes = 1 << 20

    /// Reads and validates a whole file.
    /// - Throws: `HingeCheckError` naming the file and, for a bad line, its line number:
    ///   `.notFound`, `.badInput` (empty, not JSON Lines, not a landmark file, a line over
    ///   `maxLineBytes`), `.versionMismatch`.
    public static func read(from url: URL) throws -> LandmarkFile {
        let (file, badLine) = try readPrefix(from: url)
        if let badLine { throw badLine }
        return file
    }

    /// Parses file contents; `path` is only used in error messages.
    public static func parse(_ data: Data, path: String) throws -> LandmarkFile {
        let (file, badLine) = try parsePrefix(data, path: path)
        if let badLine { throw badLine }
        return file
    }

    /// Reads the frames up to the first bad line (a file cut off by a crash, or edited by hand)
    /// and returns that line's error beside them, so a caller can keep what was good. Lines are
    /// read one at a time, never the whole file at once.
    /// - Throws: `HingeCheckError` for a missing, unreadable or empty file and a bad header.
    public static func readPrefix(from url: URL) throws -> (file: LandmarkFile, badLine: HingeCheckError?) {
        try parsePrefix(lines(of: url), path: url.path)
    }

    /// The file's lines, after checking that it exists and is a regular file.
    /// - Throws: `HingeCheckError` naming the file: missing, a folder, not a regular file, unreadable.
    static func lines(of url: URL) throws -> BoundedLineReader {
        let path = url.path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw HingeCheckError(.notFound, "no such file", path: path)
        }
        guard !isDir.boolValue else {
            throw HingeCheckError(.badInput, "is a directory, expected a .jsonl landmark file", path: path)
        }
        try RegularFile.check(path, expected: "a .jsonl landmark file")
        do { return try BoundedLineReader(url: url, maxLineBytes: maxLineBytes) } catch {
            throw HingeCheckError(.io, "cannot read: \(error.localizedDescription)", path: path)
        }
    }

    /// `parse`, keeping the frames before the first bad line.
    public static func parsePrefix(_ data: Data, path: String) throws -> (file: LandmarkFile, badLine: HingeCheckError?) {
        try parsePrefix(BoundedLineReader(data: data, maxLineBytes: maxLineBytes), path: path)
    }

    /// The line-by-line parse behind `readPrefix` and `parsePrefix`. Blank lines at the end are
    /// ignored (an editor's trailing newline); anywhere else a blank line is a bad line.
    static func parsePrefix(_ reader: BoundedLineReader, path: String) throws -> (file: LandmarkFile, badLine: HingeCheckError?) {
        let lines = try LandmarkFileReader(reader, path: path)
        var frames: [PoseFrame] = []
        while true {
            switch try lines.step() {
            case .frame(let f): frames.append(f)
            case .end: return (LandmarkFile(header: lines.header, frames: frames), nil)
            case .bad(let e): return (LandmarkFile(header: lines.header, frames: frames), e)
            }
        }
    }

    /// Why `frame`'s values cannot be analysed, or nil when they can: a landmark count other
    /// than the skeleton's (or none), a probability outside 0…1. (JSON cannot spell NaN or
    /// infinity, and a number past Double's range does not decode, so coordinates are finite.)
    static func valueProblem(_ frame: PoseFrame, skeleton: Skeleton?) -> String? {
        if let skeleton, !frame.landmarks.isEmpty, frame.landmarks.count != skeleton.landmarkNames.count {
            return "frame \(frame.index) has \(frame.landmarks.count) landmarks; a \(skeleton.id) frame has \(skeleton.landmarkNames.count) or none"
        }
        let unit: ClosedRange<Double> = 0...1
        for (k, l) in frame.landmarks.enumerated() {
            for (name, p) in [("v", l.visibility), ("p", l.presence)] where !unit.contains(p) {
                let point = skeleton.flatMap { k < $0.landmarkNames.count ? " (\($0.landmarkNames[k]))" : nil } ?? ""
                return "frame \(frame.index): landmark \(k)\(point) \(name) = \(PluginParameter.number(p)) is outside 0…1"
            }
        }
        for point in frame.spine where !unit.contains(point.confidence) {
            return "frame \(frame.index): spine point \(point.site.rawValue) confidence \(PluginParameter.number(point.confidence)) is outside 0…1"
        }
        if let score = frame.personScore, !unit.contains(score) {
            return "frame \(frame.index): score \(PluginParameter.number(score)) is outside 0…1"
        }
        return nil
    }

    /// A line of nothing but spaces and CRs (what the old reader dropped from the end).
    static func isBlank(_ line: BoundedLineReader.Line) -> Bool {
        if case .text(let bytes) = line { return bytes.allSatisfy { $0 == 0x0D || $0 == 0x20 } }
        return false
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
    static func describe(_ error: any Error) -> String { DecodingErrorText.describe(error) }
}

/// Reads a native landmark file one frame at a time (the `jsonl` source streams from it, so a
/// long recording is never all in memory; `LandmarkFile.readPrefix` collects its frames).
/// The header is read and checked when it is made; `step()` gives the frames in order, then
/// the end or the first bad line's error, as `readPrefix` reports it.
public final class LandmarkFileReader {
    /// One step through the file.
    public enum Step {
        case frame(PoseFrame)
        /// No more frames (blank lines at the end are ignored).
        case end
        /// The first bad line: the frames before it were whole; nothing follows it.
        case bad(HingeCheckError)
    }

    public let header: LandmarkFileHeader
    private let reader: BoundedLineReader
    private let path: String
    private var lineNumber = 0
    private let decoder = JSONDecoder()
    private let skeleton: Skeleton?
    private var previous: PoseFrame?
    private var finished = false
    static let tooLongHint = "a real line is a few KB; this is not a HingeCheck landmark file, or it is damaged. Re-extract it with `hingecheck landmarks`"

    /// Opens a file: checks it (see `LandmarkFile.readPrefix`) and reads its header.
    public convenience init(url: URL) throws {
        try self.init(LandmarkFile.lines(of: url), path: url.path)
    }

    /// Reads and checks the header line.
    /// - Throws: `HingeCheckError` for an empty file or a bad header, `.io` for a read error.
    init(_ reader: BoundedLineReader, path: String) throws {
        self.reader = reader
        self.path = path
        var lineNumber = 0
        let header: LandmarkFileHeader
        guard let first = try Self.nextLine(reader, path: path, lineNumber: &lineNumber) else {
            throw HingeCheckError(.badInput, "file is empty", path: path,
                                  hint: "write one with `hingecheck landmarks VIDEO -o run.jsonl`")
        }
        if LandmarkFile.isBlank(first), try Self.lastNonBlankLine(reader, path: path, lineNumber: &lineNumber, from: 0) == 0 {
            throw HingeCheckError(.badInput, "file is empty", path: path,
                                  hint: "write one with `hingecheck landmarks VIDEO -o run.jsonl`")
        }
        switch first {
        case .tooLong(let bytes):
            throw HingeCheckError(.badInput, "line 1 is \(bytes) bytes long, over the \(LandmarkFile.maxLineBytes)-byte limit for a line", path: path,
                                  hint: LandmarkFileReader.tooLongHint)
        case .text(let bytes):
            do {
                header = try JSONDecoder().decode(LandmarkFileHeader.self, from: Data(bytes))
            } catch {
                throw HingeCheckError(.badInput, "line 1 is not a HingeCheck landmark header", path: path,
                                      hint: "expected JSON Lines starting with {\"format\":\"\(LandmarkFileHeader.formatName)\",...}")
            }
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
        self.header = header
        self.lineNumber = lineNumber
        skeleton = Skeleton.named(header.skeleton)
    }

    private static func nextLine(_ reader: BoundedLineReader, path: String, lineNumber: inout Int) throws -> BoundedLineReader.Line? {
        do {
            let line = try reader.next()
            if line != nil { lineNumber += 1 }
            return line
        } catch {
            throw HingeCheckError(.io, "cannot read line \(lineNumber + 1): \(error.localizedDescription)", path: path)
        }
    }

    /// The number of the last line that is not blank, reading the rest of the file (for
    /// "line N of M" and for telling a cut-off last line from damage).
    private static func lastNonBlankLine(_ reader: BoundedLineReader, path: String, lineNumber: inout Int, from last: Int) throws -> Int {
        var last = last
        while let line = try nextLine(reader, path: path, lineNumber: &lineNumber) {
            if !LandmarkFile.isBlank(line) { last = lineNumber }
        }
        return last
    }

    private func nextLine() throws -> BoundedLineReader.Line? { try Self.nextLine(reader, path: path, lineNumber: &lineNumber) }

    private func lastNonBlankLine(from last: Int) throws -> Int {
        try Self.lastNonBlankLine(reader, path: path, lineNumber: &lineNumber, from: last)
    }

    /// The next frame, the end, or the first bad line.
    /// - Throws: `.io` when a line cannot be read.
    public func step() throws -> Step {
        guard !finished, let line = try nextLine() else { finished = true; return .end }
        do {  // (the scope of the original loop body)
            let at = lineNumber
            let problem: String
            var undecodable = false
            switch line {
            case .tooLong(let bytes):
                let total = try lastNonBlankLine(from: at)
                finished = true
                return .bad(HingeCheckError(.badInput, "line \(at) of \(total) is \(bytes) bytes long, over the \(LandmarkFile.maxLineBytes)-byte limit for a line",
                                            path: path, hint: Self.tooLongHint))
            case .text(let bytes):
                if LandmarkFile.isBlank(line) {
                    let total = try lastNonBlankLine(from: at - 1)
                    finished = true
                    if total < at { return .end }
                    problem = "line \(at) of \(total) is not a valid pose frame (a blank line)"
                    return .bad(HingeCheckError(.badInput, problem, path: path,
                                                hint: "the file was edited or damaged; re-extract it with `hingecheck landmarks`"))
                }
                do {
                    let frame = try decoder.decode(PoseFrame.self, from: Data(bytes))
                    // Analysis assumes frames in order (binary searches over time, one sample per
                    // index), as the TRC and CSV importers check: a frame out of order is a bad line.
                    // Values the other importers check too: a frame with one landmark too few
                    // would shift every later point onto the wrong joint.
                    guard let bad = LandmarkFile.orderProblem(frame, after: previous) ?? LandmarkFile.valueProblem(frame, skeleton: skeleton) else {
                        previous = frame
                        return .frame(frame)
                    }
                    problem = bad
                } catch {
                    problem = "is not a valid pose frame (\(LandmarkFile.describe(error)))"
                    undecodable = true
                }
            }
            let total = try lastNonBlankLine(from: at)
            let last = undecodable && at == total
            let text = undecodable ? "line \(at) of \(total) \(problem)" : "line \(at) of \(total): \(problem)"
            finished = true
            return .bad(HingeCheckError(.badInput, text, path: path,
                                        hint: last ? "the last line is cut off (the writer stopped mid-line); the frames before it are whole. Re-extract the file to have them all"
                                                   : "the file was edited or damaged; re-extract it with `hingecheck landmarks`"))
        }
    }
}
