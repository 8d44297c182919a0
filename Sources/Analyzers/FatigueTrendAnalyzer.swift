import PoseCore

/// The `fatigue-trend` analyzer: change of the lumbar measure across the reps of a set. Rounding
/// that creeps up rep after rep is an endurance limit (docs/method.md, "Rules").
public struct FatigueTrendAnalyzer: PostureAnalyzerPlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "fatigue-trend", kind: .analyzer,
            summary: "Trend of lumbar rounding across the reps of a set (least-squares slope per rep).",
            parameters: [
                PluginParameter("slope-threshold", default: "1.0", unit: "deg/rep",
                                summary: "Slope above which rounding is said to increase across the set.",
                                source: "project convention: 5° over a 5-rep set, above the 1.3–1.8° measurement error (Mjøsund 2017)", range: 0...30),
                PluginParameter("min-reps", default: "3", unit: "reps", summary: "Fewest full reps for a trend.", source: "a line through 2 points is no trend", range: 2...1000),
            ],
            needs: [.reps, .repLumbar], emits: [.fatigue])
    }

    public func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession {
        FatigueTrendSession(slopeThreshold: try settings.number("slope-threshold"), minReps: Int(clampingRounded: try settings.number("min-reps"), .towardZero))
    }
}

/// The trend is a conclusion about the whole set, so it is drawn in `concludeSet`, over every
/// rep judged so far (in a live set, the earlier windows' reps too).
struct FatigueTrendSession: AnalyzerSession {
    let slopeThreshold: Double
    let minReps: Int
    mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult) {}
    /// It reads no samples.
    var retainFromS: Double { .infinity }
    mutating func finish(into result: inout AnalysisResult) {}

    func concludeSet(_ result: inout AnalysisResult) {
        result.fatigue = nil
        let usesFlexion = result.reps.contains { $0.peakLumbarFlexionDeg != nil }
        // Read in place (a live session concludes on every snapshot): no copy of the reps.
        var x: [Double] = [], y: [Double] = []
        for rep in result.reps where !rep.partial {
            guard let v = usesFlexion ? rep.peakLumbarFlexionDeg : rep.lumbarAngleDeg else { continue }
            x.append(Double(rep.index))
            y.append(v)
        }
        guard x.count >= minReps, let slope = SignalTools.slope(x: x, y: y) else { return }
        let change = y.last! - y.first!
        let verdict = slope >= slopeThreshold
            ? "Rounding increases across the set: the back gives way as it tires."
            : (slope <= -slopeThreshold ? "Rounding decreases across the set." : "No clear trend across the set.")
        result.fatigue = FatigueTrend(slopeDegPerRep: slope, changeDeg: change,
                                      measure: usesFlexion ? "peak lumbar flexion from neutral (deg)" : "hinged-position lumbar angle (deg)",
                                      verdict: verdict)
    }
}
