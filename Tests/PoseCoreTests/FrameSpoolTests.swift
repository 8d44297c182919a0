import Foundation
import Testing
import TestSupport
@testable import PoseCore

/// The spool that keeps a long recording's frames on disk (issue #21): exact round trip, order,
/// access by position, and no file left behind.
@Suite struct FrameSpoolTests {
    /// Frames with every field in use: landmarks with awkward doubles, world landmarks, spine
    /// points (interpolated or not, any site), an outline with rejected rays, optional scores,
    /// `outlineSkipped`, and frames without a person.
    static func frames(_ n: Int) -> [PoseFrame] {
        var rng = SystemRandomNumberGenerator()
        let specials: [Double] = [0.1 + 0.2, -0.0, 1e-300, -1.7976931348623157e308, .pi, .leastNonzeroMagnitude, 123456.789012345678]
        return (0..<n).map { i in
            func v() -> Double { i % 7 == 0 ? specials[i % specials.count] : Double.random(in: -2000...2000, using: &rng) }
            if i % 11 == 5 { return PoseFrame(index: i, time: Double(i) / 29.97) }   // nobody in the frame
            let landmarks = (0..<33).map { _ in Landmark(x: v(), y: v(), z: v(), visibility: Double.random(in: 0...1), presence: v()) }
            let world = i % 3 == 0 ? nil : (0..<33).map { _ in WorldLandmark(x: v(), y: v(), z: v()) }
            let spine = i % 4 == 0 ? [] : SpineSite.allCases.filter { _ in Bool.random() }.map {
                SpinePoint(site: $0, x: v(), y: v(), confidence: Double.random(in: 0...1), interpolated: Bool.random())
            }
            let contour = i % 5 == 0 ? nil : DorsalContour(hip: Point2(v(), v()), shoulder: Point2(v(), v()),
                                                          depths: (0..<41).map { k in k % 6 == 2 ? nil : v() })
            var f = PoseFrame(index: i, time: Double(i) / 29.97 + 1e-9 * Double(i), landmarks: landmarks, world: world, spine: spine,
                              dorsalContour: contour, personScore: i % 2 == 0 ? nil : v())
            f.outlineSkipped = i % 9 == 1
            return f
        }
    }

    /// Open descriptors of this process that point into `folder` (an unlinked file still shows).
    static func openFiles(in folder: URL) -> [String] {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)") }
            .filter { $0.hasPrefix(folder.path + "/") }
    }

    static func folder() throws -> URL {
        TestFolders.make("hc-spool")
    }

    @Test func framesComeBackExactlyInOrderAndByPosition() throws {
        // Enough frames for several 1 MB write and read-ahead chunks.
        let frames = Self.frames(1500)
        let spool = try FrameSpool(folder: try Self.folder())
        for f in frames { try spool.append(f) }
        #expect(spool.count == frames.count)
        #expect(spool.maxIndex == 1499 && spool.indicesAscending)
        let back = PoseFrames(spool: spool)
        let read = try back.array()
        #expect(read == frames)
        // Bit for bit, not only ==: -0.0 and the tiniest subnormal survive.
        #expect(read.flatMap { $0.landmarks.map(\.x.bitPattern) } == frames.flatMap { $0.landmarks.map(\.x.bitPattern) })
        #expect(read.map(\.time.bitPattern) == frames.map(\.time.bitPattern))
        // A second walk reads the same, and a frame by position is that frame.
        #expect(try back.array() == frames)
        for k in [0, 1, 5, 777, 1498, 1499, 3] { #expect(try back.frame(at: k) == frames[k]) }
    }

    @Test func indicesOutOfOrderAreNoticed() throws {
        let spool = try FrameSpool(folder: try Self.folder())
        for i in [0, 1, 3, 2] { try spool.append(PoseFrame(index: i, time: Double(i))) }
        #expect(!spool.indicesAscending && spool.maxIndex == 3)
        #expect(try PoseFrames(spool: spool).array().map(\.index) == [0, 1, 3, 2])
    }

    /// The file has no name from the start (a killed process leaves nothing) and its descriptor
    /// goes with the spool or with `remove()`; reading after `remove()` is an error, not garbage.
    @Test func theSpoolLeavesNoFileBehind() throws {
        let folder = try Self.folder()
        do {
            let spool = try FrameSpool(folder: folder)
            for f in Self.frames(50) { try spool.append(f) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
            #expect(Self.openFiles(in: folder).count == 1)
            #expect(PoseFrames(spool: spool).count == 50)
        }
        #expect(Self.openFiles(in: folder).isEmpty)

        let spool = try FrameSpool(folder: folder)
        try spool.append(PoseFrame(index: 0, time: 0))
        #expect(Self.openFiles(in: folder).count == 1)
        spool.remove()
        #expect(Self.openFiles(in: folder).isEmpty)
        #expect(throws: HingeCheckError.self) { try PoseFrames(spool: spool).array() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func anUnwritableFolderIsAnIOErrorNamingIt() throws {
        let missing = TestFolders.make("hc-spool").appendingPathComponent("missing")
        let error = try #require(throws: HingeCheckError.self) { try FrameSpool(folder: missing) }
        #expect(error.path == missing.path)
    }
}
