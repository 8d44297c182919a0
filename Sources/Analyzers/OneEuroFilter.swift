import Foundation
import PoseCore

/// The One Euro filter (Casiez, Roussel & Vogel, CHI 2012): an adaptive low-pass filter whose
/// cutoff rises with speed, so slow movement is smoothed hard (little jitter) and fast movement
/// is followed closely (little lag).
///
/// Units: `minCutoffHz` and `derivativeCutoffHz` in Hz; `beta` in 1/(units of x per second).
/// Complexity: O(1) per sample.
public struct OneEuroFilter: Sendable, Hashable {
    public var minCutoffHz: Double
    public var beta: Double
    public var derivativeCutoffHz: Double
    private var lastTime: Double?
    private var lastValue = 0.0
    private var lastDerivative = 0.0

    public init(minCutoffHz: Double, beta: Double, derivativeCutoffHz: Double = 1) {
        self.minCutoffHz = minCutoffHz
        self.beta = beta
        self.derivativeCutoffHz = derivativeCutoffHz
    }

    private static func alpha(cutoffHz: Double, dt: Double) -> Double {
        let tau = 1 / (2 * Double.pi * cutoffHz)
        return 1 / (1 + tau / dt)
    }

    /// Filters the sample `x` taken at `time` seconds. Times must increase; a repeated or
    /// backwards time returns the previous output unchanged.
    public mutating func filter(_ x: Double, at time: Double) -> Double {
        guard let t0 = lastTime else {
            lastTime = time
            lastValue = x
            lastDerivative = 0
            return x
        }
        let dt = time - t0
        guard dt > 0 else { return lastValue }
        let derivative = (x - lastValue) / dt
        let aD = Self.alpha(cutoffHz: derivativeCutoffHz, dt: dt)
        lastDerivative += aD * (derivative - lastDerivative)
        let cutoff = minCutoffHz + beta * abs(lastDerivative)
        let a = Self.alpha(cutoffHz: cutoff, dt: dt)
        lastValue += a * (x - lastValue)
        lastTime = time
        return lastValue
    }

    /// Forgets the history (e.g. after the person left the frame).
    public mutating func reset() { lastTime = nil }
}

/// The `one-euro` smoothing stage: a One Euro filter on x and y of every landmark and spine
/// point. Landmarks are scaled by the trunk length so `beta` does not depend on image size.
public struct OneEuroSmoothing: PoseFilterPlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "one-euro", kind: .filter,
            summary: "Smooths landmark jitter with the One Euro filter (speed-adaptive low-pass).",
            parameters: [
                PluginParameter("min-cutoff", default: "1.5", unit: "Hz",
                                summary: "Cutoff at rest: lower = smoother, more lag.",
                                source: "Casiez et al. CHI 2012 recommend tuning min-cutoff first at low speed; 1-2 Hz is typical for body tracking (MediaPipe uses a similar velocity filter)", range: 0.001...1000),
                PluginParameter("beta", default: "0.5", unit: "1/(trunk lengths/s)",
                                summary: "Speed coefficient: higher = less lag in fast movement.",
                                source: "Casiez et al. CHI 2012 tuning procedure; chosen on generated hinge clips", range: 0...1000),
                PluginParameter("derivative-cutoff", default: "1.0", unit: "Hz",
                                summary: "Cutoff of the speed estimate.", source: "Casiez et al. CHI 2012 default", range: 0.001...1000),
            ],
            needs: ["pose-frames"], emits: ["pose-frames"])
    }

    public func makeFilter(settings: PluginSettings) throws -> any PoseFilter {
        OneEuroPoseFilter(minCutoffHz: try settings.number("min-cutoff"), beta: try settings.number("beta"),
                          derivativeCutoffHz: try settings.number("derivative-cutoff"))
    }
}

/// Per-stream state of the `one-euro` stage.
public struct OneEuroPoseFilter: PoseFilter {
    let minCutoffHz, beta, derivativeCutoffHz: Double
    private var xs: [OneEuroFilter] = []
    private var ys: [OneEuroFilter] = []
    private var spineFilters: [SpineSite: (OneEuroFilter, OneEuroFilter)] = [:]

    public init(minCutoffHz: Double, beta: Double, derivativeCutoffHz: Double) {
        self.minCutoffHz = minCutoffHz
        self.beta = beta
        self.derivativeCutoffHz = derivativeCutoffHz
    }

    public mutating func apply(_ frame: PoseFrame) -> PoseFrame {
        var out = frame
        guard frame.hasPose else {
            xs = []
            ys = []
            spineFilters = [:]
            return out
        }
        // Scale: trunk length in pixels, so beta is in trunk lengths per second.
        let scale = Self.trunkLength(frame) ?? 100
        let (minCutoff, scaledBeta, dCutoff) = (minCutoffHz, beta / scale, derivativeCutoffHz)
        let make = { OneEuroFilter(minCutoffHz: minCutoff, beta: scaledBeta, derivativeCutoffHz: dCutoff) }
        if xs.count != frame.landmarks.count {
            xs = Array(repeating: make(), count: frame.landmarks.count)
            ys = xs
        }
        for i in out.landmarks.indices {
            out.landmarks[i].x = xs[i].filter(frame.landmarks[i].x, at: frame.time)
            out.landmarks[i].y = ys[i].filter(frame.landmarks[i].y, at: frame.time)
        }
        for i in out.spine.indices {
            let site = out.spine[i].site
            var pair = spineFilters[site] ?? (make(), make())
            out.spine[i].x = pair.0.filter(frame.spine[i].x, at: frame.time)
            out.spine[i].y = pair.1.filter(frame.spine[i].y, at: frame.time)
            spineFilters[site] = pair
        }
        return out
    }

    static func trunkLength(_ frame: PoseFrame) -> Double? {
        guard let ls = frame[.leftShoulder], let rs = frame[.rightShoulder],
              let lh = frame[.leftHip], let rh = frame[.rightHip] else { return nil }
        let d = Point2.midpoint(ls.point, rs.point).distance(to: Point2.midpoint(lh.point, rh.point))
        return d > 1 ? d : nil
    }
}
