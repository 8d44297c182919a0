import Foundation

/// Reads a file line by line through a buffer of at most one line plus one chunk, so a file of
/// any size, or one huge line, never has to fit in memory whole (a 54 MB single-line landmark
/// file took 1.1 GB when it was read whole and decoded as one line).
///
/// A line is the bytes before a LF (a CR before it is kept; JSON allows it as whitespace). A line
/// longer than `maxLineBytes` is returned as `.tooLong` and skipped to its end without being
/// kept, so the caller can name it.
public final class BoundedLineReader {
    public enum Line: Equatable {
        /// A line's bytes, without the LF.
        case text([UInt8])
        /// A line longer than `maxLineBytes`; its length is at least `bytes`.
        case tooLong(bytes: Int)
    }

    public let maxLineBytes: Int
    private let handle: FileHandle?
    private var buffer: [UInt8]
    /// Where the next line starts in `buffer`.
    private var start = 0
    /// How far from `start` the buffer has been searched for a LF.
    private var scanned = 0
    private var atEnd: Bool
    /// Bytes read per `read(2)`: large enough that a typical frame line needs one read.
    static let chunkBytes = 1 << 16

    /// Reads the file at `url`.
    /// - Throws: what `FileHandle(forReadingFrom:)` throws (the caller names the file).
    public init(url: URL, maxLineBytes: Int) throws {
        self.maxLineBytes = maxLineBytes
        handle = try FileHandle(forReadingFrom: url)
        buffer = []
        atEnd = false
    }

    /// Reads bytes already in memory (tests, and `LandmarkFile.parse`).
    public init(data: Data, maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
        handle = nil
        buffer = Array(data)
        atEnd = true
    }

    deinit { try? handle?.close() }

    /// The next line, or nil after the last one (a last line without LF is still a line; an
    /// empty file has none).
    /// - Throws: a read error from the file.
    public func next() throws -> Line? {
        while true {
            if let lf = buffer[(start + scanned)...].firstIndex(of: 0x0A) {
                let length = lf - start
                defer { start = lf + 1; scanned = 0 }
                return length > maxLineBytes ? .tooLong(bytes: length) : .text(Array(buffer[start..<lf]))
            }
            scanned = buffer.count - start
            if scanned > maxLineBytes { return try skipLongLine() }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count; scanned = 0 }
                return .text(Array(buffer[start...]))
            }
            try refill()
        }
    }

    /// Drops the rest of a line already longer than the limit, reading on to its LF.
    private func skipLongLine() throws -> Line {
        var length = buffer.count - start
        buffer.removeAll(keepingCapacity: true)
        start = 0
        scanned = 0
        while true {
            if let lf = buffer.firstIndex(of: 0x0A) {
                length += lf
                buffer.removeSubrange(...lf)
                return .tooLong(bytes: length)
            }
            length += buffer.count
            buffer.removeAll(keepingCapacity: true)
            if atEnd { return .tooLong(bytes: length) }
            try refill()
        }
    }

    /// Moves the unread bytes to the front and appends one chunk from the file.
    private func refill() throws {
        if start > 0 {
            buffer.removeSubrange(..<start)
            start = 0
        }
        guard let handle, let chunk = try handle.read(upToCount: Self.chunkBytes), !chunk.isEmpty else {
            atEnd = true
            return
        }
        buffer.append(contentsOf: chunk)
    }
}
