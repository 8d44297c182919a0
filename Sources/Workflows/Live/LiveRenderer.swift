import Foundation
import PoseCapture
import PoseCore

/// Draws the live picture: the report's annotated-video overlay (`HingeOverlay`: skeleton,
/// spine curve, lumbar gauge, rep counter, red banner) for the newest frame, plus what only the
/// live view has: the amber "checking" banner of a provisional cue, the stand-tall prompt while
/// calibrating, and a status line (processing rate, drops, latency).
public enum LiveRenderer {
    static let amber = Color(r: 245, g: 158, b: 11)

    /// Renders a copy of `image` with the overlay.
    /// - Parameters:
    ///   - pose: the pose frame measured on `image` (landmark pixels = image pixels).
    ///   - sample: its kinematic sample (for the gauge).
    ///   - analysis: the latest live analysis (reps, reference).
    ///   - state: the cue and counters to show.
    /// Complexity: O(landmarks + spine points + reps + events).
    public static func render(_ image: BGRImage, pose: PoseFrame?, sample: KinematicSample?, analysis: LiveAnalysis,
                              state: LiveState) -> BGRImage {
        let now = state.timeS
        var display = analysis.result
        display.samples = sample.map { [$0] } ?? []
        // The banner decides: the overlay draws red exactly when the cue is confirmed.
        display.events.removeAll { $0.code == PostureEvent.postureLost && now >= $0.startS - 1e-6 && now <= $0.endS + 1e-6 }
        if state.banner == .confirmed {
            display.events.append(PostureEvent(code: PostureEvent.postureLost, startS: now, endS: now, repIndex: state.currentRep,
                                               severity: 0, message: "live"))
        }
        if display.reference.thresholdDeg == nil { display.reference.thresholdDeg = state.thresholdDeg }
        let overlay = HingeOverlay(result: display, loadedInclinationDeg: state.loadedInclinationDeg)
        var out = image
        overlay.draw(on: &out, frame: pose, time: now)
        let unit = max(1, Double(min(out.width, out.height)) / 360)
        let w = Double(out.width), h = Double(out.height)
        if state.banner == .provisional {
            out.fillRect(x: 0, y: 0, width: w, height: 30 * unit, color: amber, alpha: 0.85)
            out.drawText("LUMBAR CURVE SLIPPING - CHECKING", at: Point2(10 * unit, 21 * unit), height: 13 * unit,
                         color: .black, thickness: max(1, 1.6 * unit))
        }
        if state.phase == "calibrating" || state.phase == "reconnecting" {
            let text = state.phase == "reconnecting" ? "CAMERA LOST - RECONNECTING" :
                String(format: "STAND TALL, SIDE-ON, STILL: %.0f%%", 100 * state.calibrationProgress)
            out.fillRect(x: 0, y: h * 0.42, width: w, height: 34 * unit, color: .black, alpha: 0.6)
            out.drawText(text, at: Point2(12 * unit, h * 0.42 + 23 * unit), height: 13 * unit, color: .yellow,
                         thickness: max(1, 1.6 * unit))
        }
        let s = state.stats
        let status = String(format: "%.0f FPS  DROP %d  %.0f MS", s.processingFPS, s.framesDropped, s.latencyP50Ms)
        out.drawText(status, at: Point2(140 * unit, h - 14 * unit), height: 7 * unit, color: Color(r: 220, g: 220, b: 220),
                     thickness: max(1, unit))
        return out
    }
}
