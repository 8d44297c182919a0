import PoseCore

/// Bridges short gaps in marker tracks by linear interpolation, and leaves longer ones missing.
///
/// Frames go in (`push`) with the points measured in them and come out (`pop`) in the same
/// order once no later frame can change them: a frame that lacks a site is held while that
/// site could still reappear within `maxGapS` of its last measurement. The delay is therefore
/// at most `maxGapS` plus one frame; memory is O(frames in that window × sites).
///
/// A gap is the time a site was not measured: from the last frame that measured it to the
/// next one, minus one frame interval (15 missing frames at 30 fps are a 0.5 s gap). Gaps up to
/// `maxGapS` are filled (`interpolated = true`, confidence = the smaller of the two measured
/// ends × `bridgeConfidenceFactor`); a site never measured before a frame is never invented.
public struct MarkerGapFiller<Site: Hashable & Sendable>: Sendable {
    /// One measured or bridged point, image pixels.
    public struct Point: Sendable, Hashable {
        public var position: Point2
        /// In [0, 1].
        public var confidence: Double
        public var interpolated: Bool
        public init(position: Point2, confidence: Double, interpolated: Bool = false) {
            self.position = position
            self.confidence = confidence
            self.interpolated = interpolated
        }
    }

    /// One frame's points.
    public struct Frame: Sendable {
        public var index: Int
        /// Seconds.
        public var time: Double
        public var points: [Site: Point]
    }

    /// Longest gap to bridge, seconds.
    public let maxGapS: Double
    /// Nominal seconds per frame (1 / fps); nil: the last interval seen.
    public let frameIntervalS: Double?
    /// Confidence factor of bridged points.
    public let bridgeConfidenceFactor: Double

    private var pending: [Frame] = []
    /// Last measurement of each site (in a frame popped or pending) and its frame index.
    private var lastMeasured: [Site: (time: Double, index: Int, point: Point)] = [:]
    /// Last measurement of each site in a frame already popped.
    private var lastPopped: [Site: (time: Double, index: Int)] = [:]
    private var lastPoppedIndex: Int?
    private var lastInterval: Double?
    private var lastPushTime: Double?

    public init(maxGapS: Double, frameIntervalS: Double?, bridgeConfidenceFactor: Double = 0.75) {
        precondition(maxGapS >= 0, "maxGapS must not be negative")
        self.maxGapS = maxGapS
        self.frameIntervalS = frameIntervalS
        self.bridgeConfidenceFactor = bridgeConfidenceFactor
    }

    /// Frames held back, waiting for a possible bridge.
    public var pendingCount: Int { pending.count }

    private var interval: Double { frameIntervalS ?? lastInterval ?? 0 }
    /// Timestamps jitter (containers round them): a tenth of a frame of slack.
    private var tolerance: Double { 1e-9 + 0.1 * interval }

    /// Adds the next frame's measured points (frames in index order, non-decreasing time).
    public mutating func push(index: Int, time: Double, measured: [Site: Point]) {
        if let last = lastPushTime, time > last { lastInterval = time - last }
        lastPushTime = time
        for (site, point) in measured {
            var p = point
            p.interpolated = false
            defer { lastMeasured[site] = (time, index, p) }
            guard let prev = lastMeasured[site], time - prev.time - interval <= maxGapS + tolerance else { continue }
            // Bridge only a gap whose frames are all still pending (none went out as missing).
            if let popped = lastPoppedIndex, popped > prev.index { continue }
            let span = time - prev.time
            guard span > 0 else { continue }
            for k in pending.indices where pending[k].index > prev.index && pending[k].points[site] == nil {
                let f = (pending[k].time - prev.time) / span
                let position = prev.point.position + (p.position - prev.point.position) * f
                pending[k].points[site] = Point(position: position,
                                                confidence: min(prev.point.confidence, p.confidence) * bridgeConfidenceFactor,
                                                interpolated: true)
            }
        }
        pending.append(Frame(index: index, time: time, points: measured.mapValues {
            Point(position: $0.position, confidence: $0.confidence, interpolated: false)
        }))
    }

    /// The oldest frame no later input can change; with `flush` (end of input) the oldest
    /// frame, whatever it lacks. nil when none is ready.
    public mutating func pop(flush: Bool = false) -> Frame? {
        guard let head = pending.first else { return nil }
        if !flush, let newest = pending.last {
            for (site, measured) in lastPopped where head.points[site] == nil {
                // Waiting makes sense only while the site has not come back yet and still can in time.
                let cameBack = (lastMeasured[site]?.index ?? measured.index) > measured.index
                if !cameBack && newest.time - measured.time <= maxGapS + tolerance { return nil }
            }
        }
        pending.removeFirst()
        for (site, point) in head.points where !point.interpolated { lastPopped[site] = (head.time, head.index) }
        lastPoppedIndex = head.index
        return head
    }
}
