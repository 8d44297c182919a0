import PoseCore

/// Splits a stream into hinge repetitions from trunk inclination, with hysteresis
/// (standing → descent → bottom → ascent → lockout).
///
/// A rep starts when the smoothed inclination rises above `enterDeg` (its start is the last
/// moment it was at or below `exitDeg`) and ends when it falls back below `exitDeg`, i.e. at
/// lockout. Reps shorter than `minDurationS` are discarded as noise. Counting rule (the same as
/// the real-clip labels): a rep counts when the lifter reaches lockout after a bottom position;
/// a clip may start at the bottom (that rep is marked partial), and a final descent that never
/// returns to lockout is not a rep (`unfinishedDescentS` records it). A rep whose peak
/// inclination stays under `partialFraction` of the set's median peak is also marked partial.
public struct RepSegmenter: Sendable, Hashable {
    public var enterDeg: Double
    public var exitDeg: Double
    public var minDurationS: Double
    public var partialFraction: Double
    public var smoothingS: Double

    public init(enterDeg: Double = 30, exitDeg: Double = 15, minDurationS: Double = 0.5,
                partialFraction: Double = 0.6, smoothingS: Double = 0.1) {
        self.enterDeg = enterDeg
        self.exitDeg = exitDeg
        self.minDurationS = minDurationS
        self.partialFraction = partialFraction
        self.smoothingS = smoothingS
    }

    /// Complexity: O(n) in the number of samples (plus the median smoothing window).
    public func segment(_ samples: [KinematicSample]) -> [Rep] {
        segmentWithTail(samples).reps
    }

    /// Reps, and the start time of a final descent that never returned to lockout (if any).
    /// - Parameter markingShallow: whether to mark partial the reps short of these samples'
    ///   typical depth (`markShallow`). The `reps` analyser leaves it to its `concludeSet`, which
    ///   sees every rep of the set but the one under way.
    public func segmentWithTail(_ samples: [KinematicSample], markingShallow: Bool = true) -> RepSegmentation {
        guard !samples.isEmpty else { return RepSegmentation() }
        // The streaming form with the whole input's radius: one algorithm for both.
        var stream = RepSegmentingStream(segmenter: self, radius: SignalTools.samples(for: smoothingS, in: samples) / 2)
        var reps: [Rep] = []
        for sample in samples { reps += stream.push(sample) }
        reps += stream.finish()
        if markingShallow { markShallow(&reps) }
        return RepSegmentation(reps: reps, unfinishedDescentS: stream.openDescentS)
    }

    /// Partial by depth: marks partial every rep whose peak inclination is under
    /// `partialFraction` of the median peak of `reps` not already partial (a rep that starts
    /// at the bottom is partial and does not count towards the typical depth).
    /// Complexity: O(r log r) in the number of reps; a live session calls it on every snapshot,
    /// so it reads the peaks in place rather than copying the reps.
    public func markShallow(_ reps: inout [Rep]) {
        var peaks: [Double] = []
        peaks.reserveCapacity(reps.count)
        for rep in reps where !rep.partial {
            if let peak = rep.peakTrunkInclinationDeg { peaks.append(peak) }
        }
        guard let typical = SignalTools.median(&peaks) else { return }
        // Written only where it changes: a live snapshot's reps share their storage with the
        // session's until written, and copying them all on every frame would grow with the set.
        for i in reps.indices where !reps[i].partial && (reps[i].peakTrunkInclinationDeg ?? 0) < partialFraction * typical {
            reps[i].partial = true
        }
    }
}
