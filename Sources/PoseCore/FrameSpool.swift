import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pose frames kept on disk instead of in memory, for the report folder of a long recording
/// (issue #21: memory flat in video length). As a sink of the analysis session it receives each
/// frame as it is read (`AnalysisJob`, `report`); the report side reads them back in order
/// (`PoseFrames`), or by position for the odd consumer that needs it.
///
/// The encoding is exact: every `Double` is stored as its 64-bit pattern, so a frame read back is
/// `==` the frame written (landmarks, world landmarks, spine points, the dorsal contour with its
/// rejected rays, the person score, `outlineSkipped`), and a report made from the spool is
/// byte-identical to one made from the frames in memory.
///
/// The file is created in the temporary folder (`TMPDIR`) and unlinked at once: only the open
/// descriptor keeps it, so it disappears when the spool is released — on success, on a thrown
/// error and also when the process is killed. About 2.5 KB a frame on disk (BlazePose with its
/// world landmarks and outline), 8 bytes a frame in memory (each record's offset).
public final class FrameSpool: @unchecked Sendable {
    private var fd: Int32
    /// Frames not yet written to the file.
    private var pending: [UInt8] = []
    private var end: Int64 = 0
    /// Each record's offset in the file, in the order appended.
    private var offsets: [Int64] = []
    /// Frames appended.
    public var count: Int { offsets.count }
    /// The largest frame index appended (nil when empty).
    public private(set) var maxIndex: Int?
    /// True while every frame's index is ≥ the previous one's (a source's usual order): a
    /// consumer that looks frames up by index can then walk the spool once.
    public private(set) var indicesAscending = true
    private var lastIndex: Int?
    private var finished = false
    private let lock = NSLock()

    /// Bytes kept in memory before a write to the file (also the read-ahead). The buffers are
    /// allocated once and reused: freeing and re-allocating buffers of this size made glibc's
    /// malloc raise its mmap threshold and keep the freed memory in the heap, which showed as
    /// ~13 MB more peak RSS in `analyze VIDEO --report` than without the spool.
    static let flushBytes = 1 << 18

    /// Creates an empty spool.
    /// - Parameter folder: where the (immediately unlinked) file is made; the temporary folder by default.
    /// - Throws: `.io` when no file can be made there.
    public init(folder: URL = FileManager.default.temporaryDirectory) throws {
        var template = Array(folder.appendingPathComponent("hingecheck-frames.XXXXXX").path.utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw HingeCheckError(.io, "cannot make a temporary file for the frames: \(String(cString: strerror(errno)))", path: folder.path,
                                  hint: "set TMPDIR to a writable folder with free space (about 2.5 KB a frame)")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        unlink(path)
        self.fd = fd
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Releases the file now (it is released with the spool otherwise). Reading afterwards throws.
    public func remove() {
        lock.lock()
        defer { lock.unlock() }
        if fd >= 0 { close(fd) }
        fd = -1
        pending = []
    }

    /// Appends a frame.
    /// - Throws: `.io` when the temporary file cannot take it (a full disk).
    public func append(_ frame: PoseFrame) throws {
        lock.lock()
        defer { lock.unlock() }
        precondition(!finished, "FrameSpool.append after reading started")
        if pending.capacity < Self.flushBytes { pending.reserveCapacity(Self.flushBytes + (Self.flushBytes >> 2)) }
        let start = pending.count
        pending.append(contentsOf: repeatElement(0, count: 4))
        Self.encode(frame, into: &pending)
        let length = UInt32(pending.count - start - 4)
        withUnsafeBytes(of: length.littleEndian) { for (k, b) in $0.enumerated() { pending[start + k] = b } }
        offsets.append(end + Int64(start))
        if let maxIndex { self.maxIndex = max(maxIndex, frame.index) } else { maxIndex = frame.index }
        if let lastIndex, frame.index < lastIndex { indicesAscending = false }
        lastIndex = frame.index
        if pending.count >= Self.flushBytes { try flushLocked() }
    }

    /// Writes what is pending; reading does it first by itself.
    /// - Throws: `.io` on a write error.
    public func flush() throws {
        lock.lock()
        defer { lock.unlock() }
        try flushLocked()
    }

    private func flushLocked() throws {
        guard !pending.isEmpty else { return }
        guard fd >= 0 else { throw Self.closedError() }
        var written = 0
        try pending.withUnsafeBytes { raw in
            while written < raw.count {
                let n = pwrite(fd, raw.baseAddress! + written, raw.count - written, off_t(end + Int64(written)))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw HingeCheckError(.io, "cannot write the temporary frame file: \(String(cString: strerror(errno)))",
                                          hint: "free disk space in the temporary folder (TMPDIR)")
                }
                written += n
            }
        }
        end += Int64(written)
        pending.removeAll(keepingCapacity: true)
    }

    private func readyToRead() throws {
        lock.lock()
        defer { lock.unlock() }
        try flushLocked()
        guard fd >= 0 else { throw Self.closedError() }
        finished = true
    }

    private static func closedError() -> HingeCheckError {
        HingeCheckError(.io, "the temporary frame file was already released")
    }

    /// Reads `count` bytes at `offset` (reusing `buffer`'s storage).
    private func read(_ count: Int, at offset: Int64, into buffer: inout [UInt8]) throws {
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: repeatElement(0, count: count))
        var done = 0
        try buffer.withUnsafeMutableBytes { raw in
            while done < count {
                let n = pread(fd, raw.baseAddress! + done, count - done, off_t(offset + Int64(done)))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    throw HingeCheckError(.io, "cannot read the temporary frame file back: \(n < 0 ? String(cString: strerror(errno)) : "it ended early")")
                }
                done += n
            }
        }
    }

    /// The frame at a position (0 = the first appended).
    /// - Throws: `.io` on a read error.
    public func frame(at position: Int) throws -> PoseFrame {
        try readyToRead()
        precondition(offsets.indices.contains(position), "FrameSpool.frame(at:) out of range")
        let start = offsets[position]
        let stop = position + 1 < offsets.count ? offsets[position + 1] : end
        var bytes: [UInt8] = []
        try read(Int(stop - start), at: start, into: &bytes)
        return try bytes.withUnsafeBytes { raw in
            var d = Decoder(raw: raw, at: 4)
            return try d.frame()
        }
    }

    /// Reads the frames in order; each reader has its own position.
    public struct Reader {
        let spool: FrameSpool
        var position = 0
        var chunk: [UInt8] = []
        var chunkStart: Int64 = 0
        var chunkOffset = 0

        /// The next frame, nil after the last.
        /// - Throws: `.io` on a read error.
        public mutating func next() throws -> PoseFrame? {
            guard position < spool.offsets.count else { return nil }
            let start = spool.offsets[position]
            let stop = position + 1 < spool.offsets.count ? spool.offsets[position + 1] : spool.end
            let length = Int(stop - start)
            if start < chunkStart || stop > chunkStart + Int64(chunk.count) {
                // Read ahead: whole records up to about `flushBytes` (or this one record when larger).
                var last = position + 1
                while last < spool.offsets.count, spool.offsets[last] - start < Int64(FrameSpool.flushBytes) { last += 1 }
                let chunkEnd = last < spool.offsets.count ? spool.offsets[last] : spool.end
                try spool.read(Int(max(chunkEnd, stop) - start), at: start, into: &chunk)
                chunkStart = start
            }
            let from = Int(start - chunkStart)
            position += 1
            return try chunk.withUnsafeBytes { raw in
                var d = Decoder(raw: UnsafeRawBufferPointer(rebasing: raw[from..<(from + length)]), at: 4)
                return try d.frame()
            }
        }
    }

    /// A reader from the first frame.
    /// - Throws: `.io` when pending frames cannot be written first.
    public func makeReader() throws -> Reader {
        try readyToRead()
        return Reader(spool: self)
    }

    // MARK: - Encoding

    static func encode(_ f: PoseFrame, into out: inout [UInt8]) {
        func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { out += $0 } }
        func count(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out += $0 } }
        func double(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
        func flag(_ b: Bool) { out.append(b ? 1 : 0) }
        int(f.index)
        double(f.time)
        count(f.landmarks.count)
        for l in f.landmarks {
            double(l.x); double(l.y); double(l.z); double(l.visibility); double(l.presence)
        }
        flag(f.world != nil)
        if let world = f.world {
            count(world.count)
            for w in world { double(w.x); double(w.y); double(w.z) }
        }
        count(f.spine.count)
        for s in f.spine {
            out.append(UInt8(s.site.order))
            double(s.x); double(s.y); double(s.confidence)
            flag(s.interpolated)
        }
        flag(f.dorsalContour != nil)
        if let c = f.dorsalContour {
            double(c.hip.x); double(c.hip.y); double(c.shoulder.x); double(c.shoulder.y)
            count(c.depths.count)
            for d in c.depths {
                flag(d != nil)
                if let d { double(d) }
            }
        }
        flag(f.personScore != nil)
        if let s = f.personScore { double(s) }
        flag(f.outlineSkipped)
    }

    struct Decoder {
        let raw: UnsafeRawBufferPointer
        var at: Int

        mutating func take<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let size = MemoryLayout<T>.size
            guard at + size <= raw.count else { throw HingeCheckError(.io, "the temporary frame file is damaged (a record ends early)") }
            let v = T(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: T.self))
            at += size
            return v
        }
        mutating func double() throws -> Double { Double(bitPattern: try take(UInt64.self)) }
        mutating func count() throws -> Int { Int(try take(UInt32.self)) }
        mutating func flag() throws -> Bool { try take(UInt8.self) != 0 }

        mutating func frame() throws -> PoseFrame {
            let index = Int(try take(Int64.self))
            let time = try double()
            var landmarks: [Landmark] = []
            let n = try count()
            landmarks.reserveCapacity(n)
            for _ in 0..<n {
                landmarks.append(Landmark(x: try double(), y: try double(), z: try double(), visibility: try double(), presence: try double()))
            }
            var world: [WorldLandmark]?
            if try flag() {
                let n = try count()
                var w: [WorldLandmark] = []
                w.reserveCapacity(n)
                for _ in 0..<n { w.append(WorldLandmark(x: try double(), y: try double(), z: try double())) }
                world = w
            }
            var spine: [SpinePoint] = []
            for _ in 0..<(try count()) {
                let order = Int(try take(UInt8.self))
                guard SpineSite.allCases.indices.contains(order) else {
                    throw HingeCheckError(.io, "the temporary frame file is damaged (a spine site \(order))")
                }
                spine.append(SpinePoint(site: SpineSite.allCases[order], x: try double(), y: try double(), confidence: try double(),
                                        interpolated: try flag()))
            }
            var contour: DorsalContour?
            if try flag() {
                let hip = Point2(try double(), try double()), shoulder = Point2(try double(), try double())
                let n = try count()
                var depths: [Double?] = []
                depths.reserveCapacity(n)
                for _ in 0..<n { depths.append(try flag() ? try double() : nil) }
                contour = DorsalContour(hip: hip, shoulder: shoulder, depths: depths)
            }
            let score: Double? = try flag() ? try double() : nil
            var frame = PoseFrame(index: index, time: time, landmarks: landmarks, world: world, spine: spine,
                                  dorsalContour: contour, personScore: score)
            frame.outlineSkipped = try flag()
            return frame
        }
    }
}

/// The pose frames of a report: in memory (tests, `live`) or read back from a `FrameSpool`
/// (`analyze`, `report`, `batch`). Consumers walk them in order (`forEach`, `makeReader`); the
/// few that need a frame by position use `frame(at:)`.
public struct PoseFrames: Sendable, ExpressibleByArrayLiteral {
    enum Storage: Sendable {
        case memory([PoseFrame])
        case spool(FrameSpool)
    }
    let storage: Storage

    public init(_ frames: [PoseFrame]) { storage = .memory(frames) }
    public init(arrayLiteral elements: PoseFrame...) { storage = .memory(elements) }
    public init(spool: FrameSpool) { storage = .spool(spool) }

    public var count: Int {
        switch storage {
        case .memory(let a): a.count
        case .spool(let s): s.count
        }
    }

    public var isEmpty: Bool { count == 0 }

    /// The largest frame index (nil when empty).
    public var maxIndex: Int? {
        switch storage {
        case .memory(let a): a.map(\.index).max()
        case .spool(let s): s.maxIndex
        }
    }

    /// True when no frame's index is below the one before it.
    public var indicesAscending: Bool {
        switch storage {
        case .memory(let a): zip(a, a.dropFirst()).allSatisfy { $0.index <= $1.index }
        case .spool(let s): s.indicesAscending
        }
    }

    /// Calls `body` with each frame in order.
    /// - Throws: what `body` throws, or `.io` when the spool cannot be read.
    public func forEach(_ body: (PoseFrame) throws -> Void) throws {
        var reader = try makeReader()
        while let f = try reader.next() { try body(f) }
    }

    /// The frame at a position (0-based, in order).
    public func frame(at position: Int) throws -> PoseFrame {
        switch storage {
        case .memory(let a): a[position]
        case .spool(let s): try s.frame(at: position)
        }
    }

    /// Every frame in memory (for small sets and tests).
    public func array() throws -> [PoseFrame] {
        var out: [PoseFrame] = []
        out.reserveCapacity(count)
        try forEach { out.append($0) }
        return out
    }

    /// Reads the frames in order.
    public struct Reader {
        enum Kind {
            case memory([PoseFrame], Int)
            case spool(FrameSpool.Reader)
        }
        var kind: Kind

        public mutating func next() throws -> PoseFrame? {
            switch kind {
            case .memory(let a, let i):
                guard i < a.count else { return nil }
                kind = .memory(a, i + 1)
                return a[i]
            case .spool(var r):
                // Out of `kind` while it reads, so its buffer is not shared (and not copied).
                kind = .memory([], 0)
                defer { kind = .spool(r) }
                return try r.next()
            }
        }
    }

    public func makeReader() throws -> Reader {
        switch storage {
        case .memory(let a): Reader(kind: .memory(a, 0))
        case .spool(let s): Reader(kind: .spool(try s.makeReader()))
        }
    }
}

extension FrameSpool: AnalysisSink {
    /// Keeps the frame as read; the sample is the session's (the report recomputes nothing from
    /// it). A spool that cannot write (a full disk) releases its file at once, before the session
    /// detaches it, so that the space is free for the rest of the run.
    public func receive(_ frame: PoseFrame, sample: KinematicSample) throws {
        do {
            try append(frame)
        } catch {
            remove()
            throw error
        }
    }
}
