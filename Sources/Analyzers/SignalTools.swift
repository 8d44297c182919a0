import PoseCore

/// Small, deterministic signal helpers shared by the analyzers (and the live cue's median).
public enum SignalTools {
    /// Centred moving median over `radius` samples each side, nil-aware (a nil stays nil).
    static func movingMedian(_ values: [Double?], radius: Int) -> [Double?] {
        guard radius > 0 else { return values }
        var out = values
        var window: [Double] = []
        window.reserveCapacity(2 * radius + 1)
        for i in values.indices where values[i] != nil {
            window.removeAll(keepingCapacity: true)
            for j in max(0, i - radius)...min(values.count - 1, i + radius) {
                if let v = values[j] { window.append(v) }
            }
            out[i] = median(&window)
        }
        return out
    }

    /// Median (sorts in place). nil for an empty array.
    static func median(_ values: inout [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        values.sort()
        let n = values.count
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
    }

    public static func median(of values: [Double]) -> Double? {
        var v = values
        return median(&v)
    }

    /// Least-squares slope of y against x.
    static func slope(x: [Double], y: [Double]) -> Double? {
        let n = Double(x.count)
        guard x.count >= 2, x.count == y.count else { return nil }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
        }
        return sxx > 0 ? sxy / sxx : nil
    }

    /// Indices of the samples with `lower <= time <= upper` (samples are in time order).
    /// Complexity: O(log n).
    static func indices(from lower: Double, to upper: Double, in samples: [KinematicSample]) -> Range<Int> {
        samples.indices(from: lower, through: upper)
    }

    /// The frames of a rep "at the bottom": those of `range` within `windowDeg` of the rep's peak
    /// trunk inclination. When they last less than `minSeconds` (a partial rep that starts at
    /// the bottom, a fast kettlebell swing), the frames nearest in time to the deepest frame are
    /// added, deeper neighbour first, until `minSeconds` is covered or the rep runs out: a
    /// sustained loss must have time to show. Sorted indices.
    static func bottomFrames(of range: Range<Int>, in samples: [KinematicSample], peakDeg: Double,
                             windowDeg: Double, minSeconds: Double) -> [Int] {
        let incl = { (i: Int) in samples[i].trunkInclinationDeg ?? -.infinity }
        let atBottom = range.filter { incl($0) >= peakDeg - windowDeg }
        var chosen = Set(atBottom)
        // Summed in frame order: a Set's order changes from process to process (Swift seeds its
        // hashing per run), and a sum of frame durations in another order can land on the other
        // side of `minSeconds` (9 frames of 1/30 s against 0.3 s), which moved a rep's judged
        // frames by one from run to run.
        var covered = atBottom.reduce(0.0) { $0 + duration(of: $1, in: samples) }
        guard covered < minSeconds, let deepest = range.max(by: { incl($0) < incl($1) }) else { return chosen.sorted() }
        var lo = deepest, hi = deepest
        if chosen.insert(deepest).inserted { covered += duration(of: deepest, in: samples) }
        while covered < minSeconds && (lo > range.lowerBound || hi < range.upperBound - 1) {
            let left = lo > range.lowerBound ? lo - 1 : nil, right = hi < range.upperBound - 1 ? hi + 1 : nil
            let next: Int
            if let l = left, let r = right { next = incl(l) >= incl(r) ? l : r } else { next = left ?? right! }
            if next < lo { lo = next } else { hi = next }
            if chosen.insert(next).inserted { covered += duration(of: next, in: samples) }
        }
        return chosen.sorted()
    }

    /// Number of samples covering `seconds` at the stream's mean frame interval (at least 1,
    /// at most the stream's length).
    static func samples(for seconds: Double, in samples: [KinematicSample]) -> Int {
        samples.samples(covering: seconds)
    }

    /// Duration of sample `i`: half the gap to each neighbour (handles uneven frame times).
    static func duration(of i: Int, in samples: [KinematicSample]) -> Double {
        let t = samples[i].time
        let prev = i > 0 ? samples[i - 1].time : nil
        let next = i + 1 < samples.count ? samples[i + 1].time : nil
        switch (prev, next) {
        case let (p?, n?): return (n - p) / 2
        case let (p?, nil): return t - p
        case let (nil, n?): return n - t
        default: return 0
        }
    }
}
