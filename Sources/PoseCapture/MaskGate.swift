import Foundation
import PoseCore

/// Decides, before each frame is processed, whether its segmentation mask (and with it the
/// back's outline) is worth computing.
///
/// Why: the mask head and the outline cost about a quarter of a frame's work, and the lumbar
/// analysis only judges frames with the trunk inclined under load (shear-guard's
/// `loaded-inclination`, 30° by default). Upright frames (standing, lockout, the pause between
/// reps) are analysed from their landmarks alone, so the mask-free network serves them.
///
/// How: the decision uses the tracked pose, i.e. the landmarks of the frames before this one.
/// The mask is on when the trunk inclination predicted for this frame (the last one, plus its
/// rate of change times the gap and `lookaheadS`) reaches `fromInclinationDeg`, for `holdS` after
/// the last frame that did, and whenever there is no tracked pose (a new or lost person).
/// The margins cover the shear-guard's 0.3 s median window on both sides of its judged frames,
/// so the frames that decide a verdict are measured exactly as without the gate
/// (docs/benchmarks.md, "What changed (2026-12-07), and what each gave").
///
/// Inclination here is the angle of the hip-to-shoulder midpoint line from the image vertical,
/// degrees, 0 upright, either facing: the kinematics' trunk inclination for a lifter leaning
/// forward.
public struct MaskGate: Sendable {
    /// Trunk inclination from which the mask is computed, degrees; 0 computes it on every frame.
    public var fromInclinationDeg: Double
    /// How far ahead the inclination's rate of change is extrapolated, seconds.
    public var lookaheadS: Double
    /// How long the mask stays on after the last frame at or above the threshold, seconds.
    public var holdS: Double

    private var last: (time: Double, inclination: Double)?
    private var rateDegPerS = 0.0
    private var lastAboveTime: Double?

    /// - Parameters: see the properties. Defaults: 0.2 s look-ahead and a 0.3 s hold, each at
    ///   least the 0.15 s half-width of shear-guard's `markerless-smoothing` window with room for
    ///   a swing's fastest hinge (about 200°/s at 30 fps: 7° per frame).
    public init(fromInclinationDeg: Double, lookaheadS: Double = 0.2, holdS: Double = 0.3) {
        self.fromInclinationDeg = fromInclinationDeg
        self.lookaheadS = lookaheadS
        self.holdS = holdS
    }

    /// Whether the frame at `time` (seconds) should get the mask.
    public func wantsMask(at time: Double) -> Bool {
        guard fromInclinationDeg > 0 else { return true }
        guard let last else { return true }
        if let above = lastAboveTime, time - above <= holdS { return true }
        let ahead = max(0, time - last.time) + lookaheadS
        return last.inclination + max(0, rateDegPerS) * ahead >= fromInclinationDeg
    }

    /// Records what the frame just processed showed (its landmarks, or none).
    public mutating func observe(_ frame: PoseFrame) {
        guard let inclination = Self.inclinationDeg(frame) else {
            last = nil
            rateDegPerS = 0
            return
        }
        if let last, frame.time > last.time {
            rateDegPerS = (inclination - last.inclination) / (frame.time - last.time)
        } else {
            rateDegPerS = 0
        }
        last = (frame.time, inclination)
        if inclination >= fromInclinationDeg { lastAboveTime = frame.time }
    }

    /// The hip-to-shoulder line's angle from the image vertical, degrees, or nil without both
    /// shoulders and both hips (BlazePose order).
    static func inclinationDeg(_ frame: PoseFrame) -> Double? {
        guard let ls = frame[.leftShoulder], let rs = frame[.rightShoulder], let lh = frame[.leftHip],
              let rh = frame[.rightHip] else { return nil }
        let dx = (ls.x + rs.x - lh.x - rh.x) / 2, dy = (ls.y + rs.y - lh.y - rh.y) / 2
        guard dx != 0 || dy != 0, dx.isFinite, dy.isFinite else { return nil }
        return atan2(abs(dx), -dy) * 180 / .pi
    }
}
