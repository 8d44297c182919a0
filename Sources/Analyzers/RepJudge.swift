import Foundation
import PoseCore

/// One rep's deciding value, its uncertainty and the verdict they give (docs/method.md,
/// "Rules"). Pure functions of the per-frame measure; `ShearGuardSession` feeds them.
///
/// Sign convention: positive = more rounded, for both methods (markerless: the lower-back angle;
/// spine points: flexion from neutral), so one threshold rule serves both.
struct RepJudge {
    /// The value that decided, its uncertainty (one standard uncertainty, degrees), and the frames
    /// it came from (sample indices, sorted).
    struct Decision {
        var value: Double
        var uncertainty: Double
        var frames: [Int]
        /// The frame-to-frame spread term of `uncertainty`, degrees.
        var spread: Double = 0
        /// Which statistic gave `value`: "median" or "sustained-max".
        var statistic = "median"
    }

    /// A spread this large (degrees, one standard deviation) means the value itself changed
    /// within the judged frames — a brief rounding, or clothing or the mask moving — rather than
    /// jitter about one posture: four times the 0.5–1.5° spread of steady real reps
    /// (docs/measurements.md).
    static let unsteadySpreadDeg = 4.0

    /// The verdict for a decision against a threshold: lost when the whole interval
    /// value ± uncertainty lies at or over it, held when it lies wholly under it, else nil (can't
    /// tell, within uncertainty).
    static func verdict(_ d: Decision, threshold: Double) -> Bool? {
        if d.value - d.uncertainty >= threshold { return true }
        if d.value + d.uncertainty < threshold { return false }
        return nil
    }

    /// Markerless: the median of the smoothed lower-back angle over the judged frames. Its
    /// uncertainty combines, in quadrature, two terms measured on this rep:
    /// - the frame-to-frame spread of the unsmoothed angle in the judged window (interquartile
    ///   range / 1.349, the standard deviation of a normal with that range): mask jitter,
    ///   clothing moving, the posture changing within the bottom;
    /// - the hip-placement sensitivity (median over the frames of `lumbarHipSensitivityDeg`: half
    ///   the angle's range when the window starts or ends 5% of the trunk sooner).
    static func markerless(frames: [Int], smoothed: [Double?], raw: [Double?], samples: [KinematicSample]) -> Decision? {
        let known = frames.filter { smoothed[$0] != nil }
        guard let value = SignalTools.median(of: known.compactMap { smoothed[$0] }) else { return nil }
        let spread = robustSD(known.compactMap { raw[$0] })
        let d = Decision(value: value, uncertainty: spread, frames: known, spread: spread)
        return withHipTerm(d, samples: samples)
    }

    /// `d` with the hip-placement term added in quadrature: the median over its frames of
    /// `lumbarHipSensitivityDeg` (markerless frames only; 0 without it).
    static func withHipTerm(_ d: Decision, samples: [KinematicSample]) -> Decision {
        var out = d
        let hip = SignalTools.median(of: d.frames.compactMap { samples[$0].lumbarHipSensitivityDeg }) ?? 0
        out.uncertainty = (d.uncertainty * d.uncertainty + hip * hip).squareRoot()
        return out
    }

    /// Spine points: the largest flexion held for `minSeconds` — over every run of consecutive
    /// known loaded frames at least that long, the minimum within it, maximised — and the
    /// frame-to-frame spread of the raw flexion over that run as its uncertainty (markers move
    /// with the skin; the spread is their jitter).
    static func sustainedMaximum(frames: [Int], smoothed: [Double?], raw: [Double?], minSeconds: Double,
                                 samples: [KinematicSample]) -> Decision? {
        var best: Decision?
        var start = 0
        // Sliding window over each run of consecutive known frames.
        let known = frames.filter { smoothed[$0] != nil }
        while start < known.count {
            var end = start
            while end + 1 < known.count && known[end + 1] == known[end] + 1 { end += 1 }
            let run = Array(known[start...end])
            for a in run.indices {
                var covered = 0.0, b = a
                var low = Double.infinity
                while b < run.count {
                    covered += SignalTools.duration(of: run[b], in: samples)
                    low = min(low, smoothed[run[b]]!)
                    if covered >= minSeconds - 1e-9 { break }
                    b += 1
                }
                guard (b < run.count) && (low > (best?.value ?? -.infinity)) else { continue }
                let window = Array(run[a...b])
                let spread = robustSD(window.compactMap { raw[$0] })
                best = Decision(value: low, uncertainty: spread, frames: window, spread: spread, statistic: "sustained-max")
            }
            start = end + 1
        }
        return best
    }

    /// Interquartile range / 1.349 (the standard deviation of a normal distribution with that
    /// range; robust to the single-frame spikes of mask holes). 0 for fewer than 2 values.
    static func robustSD(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return 0 }
        let v = values.sorted()
        func quantile(_ q: Double) -> Double {
            let x = q * Double(v.count - 1)
            let i = min(v.count - 2, max(0, Int(x.rounded(.down))))   // 0 ≤ x ≤ count − 1
            return v[i] + (x - Double(i)) * (v[i + 1] - v[i])
        }
        return (quantile(0.75) - quantile(0.25)) / 1.349
    }
}
