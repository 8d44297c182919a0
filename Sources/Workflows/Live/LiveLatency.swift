import Foundation
import PoseCore

/// Capture-to-cue latency of a live session: for every processed frame, the time from the
/// moment the capture task had the frame to the moment its cue (banner, values) was published.
public struct LiveLatency: Sendable {
    private var all: [Double] = []
    private var recent: [Double] = []
    private let recentCount: Int

    public init(recentCount: Int = 90) {
        self.recentCount = recentCount
    }

    /// Adds one latency, milliseconds.
    public mutating func record(ms: Double) {
        all.append(ms)
        recent.append(ms)
        if recent.count > recentCount { recent.removeFirst(recent.count - recentCount) }
    }

    public var count: Int { all.count }

    /// The q-quantile (0...1) of all latencies (nearest rank), milliseconds; 0 when empty.
    public func quantile(_ q: Double) -> Double { Self.quantile(all, q) }

    /// The q-quantile of the recent latencies.
    public func recentQuantile(_ q: Double) -> Double { Self.quantile(recent, q) }

    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int(clampingRounded: q * Double(sorted.count) - 1, .up)
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// The whole session in one value, for `--latency-report`.
    public func report(captured: Int, processed: Int, dropped: Int, durationS: Double, sourceFPS: Double) -> Report {
        Report(frames: count, p50Ms: quantile(0.5), p95Ms: quantile(0.95), maxMs: all.max() ?? 0,
               framesCaptured: captured, framesProcessed: processed, framesDropped: dropped,
               dropRate: captured > 0 ? Double(dropped) / Double(captured) : 0,
               processingFPS: durationS > 0 ? Double(processed) / durationS : 0, sourceFPS: sourceFPS)
    }

    /// Latency and frame accounting of a session.
    public struct Report: Sendable, Codable, Hashable {
        /// Frames with a latency measurement (processed frames).
        public var frames: Int
        public var p50Ms: Double
        public var p95Ms: Double
        public var maxMs: Double
        public var framesCaptured: Int
        public var framesProcessed: Int
        /// Frames the processing task never saw (replaced in the one-slot buffer).
        public var framesDropped: Int
        /// framesDropped / framesCaptured.
        public var dropRate: Double
        public var processingFPS: Double
        public var sourceFPS: Double

        /// One line for people.
        public var summary: String {
            String(format: "capture-to-cue latency p50 %.0f ms, p95 %.0f ms, max %.0f ms over %d frames; %d of %d frames dropped (%.1f%%); processing %.1f fps (source %.1f fps)",
                   p50Ms, p95Ms, maxMs, frames, framesDropped, framesCaptured, 100 * dropRate, processingFPS, sourceFPS)
        }
    }
}
