import Foundation
import PoseCore
import Testing
@testable import PoseCapture

/// The mask gate's decisions on scripted trunk inclinations (no video, no network).
@Suite struct MaskGateTests {
    /// A frame whose hip-to-shoulder line leans `inclination` degrees from vertical (facing right).
    static func frame(at time: Double, inclination: Double?) -> PoseFrame {
        guard let inclination else { return PoseFrame(index: 0, time: time) }
        var landmarks = Array(repeating: Landmark(x: 0, y: 0, z: 0, visibility: 1, presence: 1), count: 33)
        let a = inclination * .pi / 180
        let hip = Point2(300, 400), shoulder = Point2(300 + 200 * sin(a), 400 - 200 * cos(a))
        for (body, p) in [(BodyLandmark.leftHip, hip), (.rightHip, hip), (.leftShoulder, shoulder), (.rightShoulder, shoulder)] {
            landmarks[body.rawValue] = Landmark(x: p.x, y: p.y, z: 0, visibility: 1, presence: 1)
        }
        return PoseFrame(index: 0, time: time, landmarks: landmarks)
    }

    /// Runs the gate over inclinations sampled at `fps`; the decision for each frame.
    static func decisions(_ inclinations: [Double?], fps: Double = 30, gate: MaskGate = MaskGate(fromInclinationDeg: 20)) -> [Bool] {
        var gate = gate
        return inclinations.enumerated().map { i, inclination in
            let t = Double(i) / fps
            let want = gate.wantsMask(at: t)
            gate.observe(frame(at: t, inclination: inclination))
            return want
        }
    }

    @Test func inclinationIsMeasuredFromTheVertical() throws {
        for degrees in [0.0, 10, 45, 80] {
            let measured = try #require(MaskGate.inclinationDeg(Self.frame(at: 0, inclination: degrees)))
            #expect(abs(measured - degrees) < 1e-9)
        }
        #expect(MaskGate.inclinationDeg(Self.frame(at: 0, inclination: nil)) == nil)
    }

    @Test func standingStillNeedsNoMask() {
        let d = Self.decisions(Array(repeating: 5.0, count: 60))
        #expect(d.first == true)                       // no tracked pose yet: computed
        #expect(d.dropFirst().allSatisfy { !$0 })      // upright from then on
    }

    @Test func theMaskIsOnBeforeTheTrunkReachesTheThreshold() {
        // Standing 1 s, then hinging at 60°/s to 70°, then back up at the same speed.
        var incl: [Double] = Array(repeating: 5, count: 30)
        incl += (1...33).map { 5 + 2 * Double($0) }    // 7 ... 71
        incl += (1...33).map { 71 - 2 * Double($0) }   // 69 ... 5
        incl += Array(repeating: 5, count: 30)
        let d = Self.decisions(incl)
        // Every frame at or above 20° has the mask, and so does every frame within 0.15 s of one
        // at or above 30° (shear-guard's judged frames and its smoothing window).
        for i in incl.indices where incl[i] >= 20 { #expect(d[i], "frame \(i) at \(incl[i])°") }
        for i in incl.indices where incl[i] >= 30 {
            for j in max(0, i - 5)...min(incl.count - 1, i + 5) { #expect(d[j], "frame \(j) near judged frame \(i)") }
        }
        // Upright frames well away from the hinge do not.
        #expect(!d[10] && !d[20])
        #expect(!d[incl.count - 5])
        #expect(d.filter { !$0 }.count > 40)
    }

    @Test func aLostPersonGetsTheMaskUntilTracked() {
        let d = Self.decisions([5, 5, nil, nil, 5, 5])
        #expect(d == [true, false, false, true, true, false])
    }

    @Test func zeroMeansEveryFrame() {
        let d = Self.decisions(Array(repeating: 0.0, count: 10), gate: MaskGate(fromInclinationDeg: 0))
        #expect(d.allSatisfy { $0 })
    }
}

/// The thread tuner on simulated frame times (no clock, no network).
@Suite struct ThreadTunerTests {
    /// Runs `frames` frames; `cost(threads, frame)` is the landmark pass in ms. The threads used.
    static func run(_ tuner: inout ThreadTuner, frames: Int, from start: Int = 0, cost: (Int, Int) -> Double) -> [Int] {
        (start..<(start + frames)).map { frame in
            let threads = tuner.threadsForNextFrame()
            tuner.record(BlazePoseTiming(landmarkMs: cost(threads, frame), maskNetwork: true))
            return threads
        }
    }

    @Test func anIdleMachineKeepsOneThreadPerCore() {
        var tuner = ThreadTuner(cores: 2, trialFrames: 12, exploitFrames: 90)
        let used = Self.run(&tuner, frames: 400) { threads, _ in threads == 2 ? 10 : 14 }
        #expect(used.filter { $0 == 2 }.count > 330)
        #expect(tuner.currentThreads == 2)
    }

    @Test func aBusyMachineGetsOneThread() {
        var tuner = ThreadTuner(cores: 2, trialFrames: 12, exploitFrames: 90)
        let used = Self.run(&tuner, frames: 400) { threads, _ in threads == 2 ? 28 : 15 }
        #expect(used.suffix(300).filter { $0 == 1 }.count > 250)
        #expect(tuner.currentThreads == 1)
    }

    @Test func itFollowsAChangeOfLoad() {
        var tuner = ThreadTuner(cores: 2, trialFrames: 12, exploitFrames: 90)
        // Busy for 300 frames, then idle: within two rounds (2 × (90 + 12) frames) it is back.
        _ = Self.run(&tuner, frames: 300) { threads, _ in threads == 2 ? 28 : 15 }
        #expect(tuner.currentThreads == 1)
        _ = Self.run(&tuner, frames: 220, from: 300) { threads, _ in threads == 2 ? 10 : 14 }
        #expect(tuner.currentThreads == 2)
    }

    @Test func detectorFramesDoNotCount() {
        var tuner = ThreadTuner(cores: 2, trialFrames: 12, exploitFrames: 90)
        // One thread looks slow only on frames where the detector also ran: ignored.
        for frame in 0..<300 {
            let threads = tuner.threadsForNextFrame()
            let detector = threads == 1 && frame % 2 == 0
            tuner.record(BlazePoseTiming(detectorMs: detector ? 30 : 0, landmarkMs: threads == 1 ? (detector ? 60 : 9) : 12,
                                         maskNetwork: true))
        }
        #expect(tuner.currentThreads == 1)
    }

    @Test func oneCoreMeansOneThread() {
        var tuner = ThreadTuner(cores: 1)
        #expect(Self.run(&tuner, frames: 50) { _, _ in 10 }.allSatisfy { $0 == 1 })
    }
}
