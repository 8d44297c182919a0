/// Time look-ups on a stream of samples in time order, for analysers that judge a rep from the
/// samples around it (`RepCursor`, `SignalTools`).
extension Array where Element == KinematicSample {
    /// Indices of the samples with `lower <= time <= upper`.
    /// Complexity: O(log n).
    public func indices(from lower: Double, through upper: Double) -> Range<Int> {
        func firstIndex(where predicate: (Double) -> Bool) -> Int {
            var lo = 0, hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if predicate(self[mid].time) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        let a = firstIndex { $0 >= lower }
        let b = firstIndex { $0 > upper }
        return a..<Swift.max(a, b)
    }

    /// How many samples cover `seconds` at the mean frame interval of these samples (at least 1,
    /// at most their number): what a smoothing window of that length spans.
    public func samples(covering seconds: Double) -> Int {
        guard let first, let last else { return 1 }
        return Self.samples(covering: seconds, count: count, span: last.time - first.time)
    }

    /// `samples(covering:)` of a stream known by its length and the seconds from its first to
    /// its last sample (what a streaming analyser knows of the stream so far).
    public static func samples(covering seconds: Double, count: Int, span: Double) -> Int {
        guard count > 1 else { return 1 }
        let dt = span > 0 ? span / Double(count - 1) : 1.0 / 30
        // A 1e-300 s step makes `seconds / dt` infinite. No window is longer than the stream, and
        // callers add the result to indices, so Int.max would overflow there.
        return Swift.min(count, Swift.max(1, Int(clampingRounded: seconds / dt)))
    }
}
