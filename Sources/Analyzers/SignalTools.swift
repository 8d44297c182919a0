import PoseCore

/// Small, deterministic signal helpers shared by the analyzers.
enum SignalTools {
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

    static func median(of values: [Double]) -> Double? {
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
        func firstIndex(where predicate: (Double) -> Bool) -> Int {
            var lo = 0, hi = samples.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if predicate(samples[mid].time) { hi = mid } else { lo = mid + 1 }
            }
            return lo
        }
        let a = firstIndex { $0 >= lower }
        let b = firstIndex { $0 > upper }
        return a..<max(a, b)
    }

    /// Number of samples covering `seconds` at the stream's median frame interval (at least 1).
    static func samples(for seconds: Double, in samples: [KinematicSample]) -> Int {
        guard samples.count > 1 else { return 1 }
        let span = samples[samples.count - 1].time - samples[0].time
        let dt = span > 0 ? span / Double(samples.count - 1) : 1.0 / 30
        return max(1, Int((seconds / dt).rounded()))
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
