import Testing
import PoseCore
@testable import PoseCapture

@Suite struct MarkerGapFillerTests {
    typealias Filler = MarkerGapFiller<String>

    /// Runs `frames` frames at 30 fps where site "a" moves 1 px per frame along x and is hidden
    /// in `hidden`; returns every popped frame.
    func run(frames: Int, hidden: Range<Int>, maxGap: Double = 0.5) -> [Filler.Frame] {
        var filler = Filler(maxGapS: maxGap, frameIntervalS: 1.0 / 30)
        var out: [Filler.Frame] = []
        for i in 0..<frames {
            let measured: [String: Filler.Point] = hidden.contains(i) ? [:]
                : ["a": .init(position: Point2(Double(i), 10), confidence: 1)]
            filler.push(index: i, time: Double(i) / 30, measured: measured)
            while let f = filler.pop() { out.append(f) }
        }
        while let f = filler.pop(flush: true) { out.append(f) }
        return out
    }

    @Test func emptyInputGivesNothing() {
        var filler = Filler(maxGapS: 0.5, frameIntervalS: 1.0 / 30)
        #expect(filler.pop() == nil)
        #expect(filler.pop(flush: true) == nil)
    }

    @Test func halfSecondGapIsBridgedLinearly() {
        let out = run(frames: 60, hidden: 20..<35)  // 15 frames = 0.5 s at 30 fps
        #expect(out.map(\.index) == Array(0..<60))
        for f in out {
            let p = try! #require(f.points["a"])
            #expect(p.interpolated == (20..<35).contains(f.index))
            #expect(abs(p.position.x - Double(f.index)) < 1e-9, "frame \(f.index) at \(p.position.x)")
            #expect(p.confidence == (p.interpolated ? 0.75 : 1))
        }
    }

    @Test func gapOneFrameLongerThanMaxIsLeftMissing() {
        let out = run(frames: 60, hidden: 20..<36)  // 16 frames
        #expect(out.filter { $0.points["a"] == nil }.map(\.index) == Array(20..<36))
        #expect(!out.contains { $0.points["a"]?.interpolated == true })
    }

    @Test func twoSecondGapIsMissingNotInvented() {
        let out = run(frames: 120, hidden: 30..<90)
        #expect(out.count == 120)
        #expect(out.filter { $0.points["a"] == nil }.map(\.index) == Array(30..<90))
    }

    @Test func leadingAndTrailingGapsAreNeverInvented() {
        let out = run(frames: 40, hidden: 0..<5)
        #expect(out.filter { $0.points["a"] == nil }.map(\.index) == Array(0..<5))
        let tail = run(frames: 40, hidden: 35..<40)
        #expect(tail.filter { $0.points["a"] == nil }.map(\.index) == Array(35..<40))
    }

    @Test func delayIsBoundedByMaxGap() {
        var filler = Filler(maxGapS: 0.5, frameIntervalS: 1.0 / 30)
        var maxPending = 0
        for i in 0..<200 {
            let measured: [String: Filler.Point] = i >= 10 ? [:] : ["a": .init(position: .zero, confidence: 1)]
            filler.push(index: i, time: Double(i) / 30, measured: measured)
            while filler.pop() != nil {}
            maxPending = max(maxPending, filler.pendingCount)
        }
        // Held while the site could still come back within 0.5 s: 15 frames, plus the newest.
        #expect(maxPending <= 16)
        #expect(maxPending >= 15)
    }

    @Test func bridgedConfidenceTakesTheWeakerEnd() {
        var filler = Filler(maxGapS: 0.5, frameIntervalS: 0.1)
        filler.push(index: 0, time: 0, measured: ["a": .init(position: Point2(0, 0), confidence: 0.4)])
        filler.push(index: 1, time: 0.1, measured: [:])
        filler.push(index: 2, time: 0.2, measured: ["a": .init(position: Point2(4, 8), confidence: 1)])
        var out: [Filler.Frame] = []
        while let f = filler.pop(flush: true) { out.append(f) }
        let mid = try! #require(out[1].points["a"])
        #expect(mid.interpolated && mid.position == Point2(2, 4) && abs(mid.confidence - 0.3) < 1e-12)
    }
}
