import Foundation
import PoseCore

/// Pose frames from ArUco markers, in frame order, owned by one task (see `MarkerSource`).
///
/// Frames come out up to `maxGapS` (plus one frame) after they were decoded: a frame that lacks
/// a marker is held until the marker reappears (the gap is bridged) or can no longer reappear in
/// time. Opening reads up to one second of frames ahead to decide which way the lifter faces.
public final class MarkerStream: LandmarkStream {
    /// Parsed, validated parameters of the `markers` source (their defaults and sources are in
    /// `MarkerSource.descriptor`).
    public struct Settings: Sendable, Hashable {
        public var detector: MarkerDetector.Options
        public var map: MarkerMap
        /// Seconds.
        public var maxGapS: Double
        /// Fraction in (0, 1].
        public var minAspect: Double
        /// Ratio ≥ 1.
        public var maxSizeRatio: Double
        /// Fractions of the hip–C7 distance.
        public var shoulderForward: Double
        public var shoulderDown: Double
        /// Frames per second for image folders.
        public var folderFPS: Double

        public init(detector: MarkerDetector.Options = .init(), map: MarkerMap = .standard, maxGapS: Double = 0.5,
                    minAspect: Double = 0.9, maxSizeRatio: Double = 1.2, shoulderForward: Double = 0.07,
                    shoulderDown: Double = 0.19, folderFPS: Double = 30) {
            self.detector = detector
            self.map = map
            self.maxGapS = maxGapS
            self.minAspect = minAspect
            self.maxSizeRatio = maxSizeRatio
            self.shoulderForward = shoulderForward
            self.shoulderDown = shoulderDown
            self.folderFPS = folderFPS
        }

        /// From plugin settings.
        /// - Throws: `.invalidArgument` naming the parameter and its allowed range.
        public init(_ settings: PluginSettings) throws {
            func bad(_ name: String, _ text: String) -> HingeCheckError {
                HingeCheckError(.invalidArgument, "markers.\(name) \(text)")
            }
            func number(_ name: String, _ range: ClosedRange<Double>) throws -> Double {
                let v = try settings.number(name)
                guard range.contains(v) else { throw bad(name, "= \(v) is outside \(range.lowerBound)...\(range.upperBound)") }
                return v
            }
            let dictText = settings.text("dictionary") ?? ""
            guard let dictionary = MarkerDictionary(name: dictText) else {
                throw HingeCheckError(.invalidArgument, "markers.dictionary = \"\(dictText)\" is not a predefined ArUco dictionary",
                                      hint: "one of: \(MarkerDictionary.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let upscaleText = (settings.text("upscale") ?? "").lowercased()
            guard let upscale = MarkerDetector.Options.Upscale(rawValue: upscaleText) else {
                throw bad("upscale", "= \"\(upscaleText)\" must be auto, never or always")
            }
            let map = try MarkerMap(parsing: settings.text("map") ?? "", markerCount: dictionary.markerCount)
            self.init(detector: .init(dictionary: dictionary, minSidePx: try number("min-side", 4...4096), upscale: upscale),
                      map: map, maxGapS: try number("max-gap", 0...10), minAspect: try number("min-aspect", 0...1),
                      maxSizeRatio: try number("max-size-ratio", 1...100),
                      shoulderForward: try number("shoulder-forward", -1...1), shoulderDown: try number("shoulder-down", -1...1),
                      folderFPS: try number("folder-fps", 0.001...10_000))
        }
    }

    public private(set) var header: LandmarkFileHeader
    /// What the frame source reported when it opened.
    public let facts: SourceFacts
    public let settings: Settings
    /// Counts so far: per-site detections, bridges and misses; slanted or out-of-size markers.
    public private(set) var summary: MarkerTrackingSummary

    private let frames: any FrameSource
    private let detector: MarkerDetector
    private var filler: MarkerGapFiller<MarkedSite>
    private var lastPosition: [MarkedSite: Point2] = [:]
    private var facingVotes = 0
    private var ended = false

    /// Confidence given to a marker that fails the slant or size check (analyzers ignore < 0.5).
    public static let doubtfulConfidence = 0.4

    /// Opens the stream and reads up to one second ahead to decide the facing.
    /// - Throws: `HingeCheckError` from the detector or from decoding the first frames.
    public init(frames: any FrameSource, settings: Settings, input: String) throws {
        self.frames = frames
        self.settings = settings
        facts = frames.facts
        detector = try MarkerDetector(options: settings.detector)
        try detector.setWantedIDs(settings.map.ids)
        filler = MarkerGapFiller(maxGapS: settings.maxGapS, frameIntervalS: facts.fps > 0 ? 1 / facts.fps : nil)
        summary = MarkerTrackingSummary(sites: settings.map.sites.values.sorted(), minAspect: settings.minAspect,
                                        maxSizeRatio: settings.maxSizeRatio)
        header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: facts.width, height: facts.height,
                                    fps: facts.fps, input: input)
        // Look ahead for the facing (held frames are delivered normally afterwards).
        var first: Double?
        while !ended, abs(facingVotes) < 5 {
            guard let time = try readOne() else { break }
            if first == nil { first = time }
            if time - first! >= 1 { break }
        }
        summary.facing = facing
        header.facing = facing?.rawValue
    }

    /// The facing decided so far (majority of per-frame votes: the hip lies anterior of the
    /// spine line); nil when no frame showed C7, a lower spine marker and the hip together.
    public var facing: Facing? { facingVotes == 0 ? nil : (facingVotes > 0 ? .right : .left) }

    public var declaredFrameCount: Int? { facts.kind == .file ? facts.frameCount : nil }

    public var skippedFrames: Int { frames.skippedFrames }

    public func next() throws -> PoseFrame? {
        while true {
            if let f = filler.pop(flush: ended) { return makePoseFrame(f) }
            if ended { return nil }
            _ = try readOne()
        }
    }

    /// Decodes and measures one frame into the gap filler; returns its time, nil at the end.
    private func readOne() throws -> Double? {
        let detector = self.detector
        let read = try frames.read { view -> (Int, Double, [DetectedMarker]) in
            (view.index, view.time, try detector.detect(view))
        }
        guard let (index, time, detections) = read else {
            ended = true
            return nil
        }
        filler.push(index: index, time: time, measured: measure(detections))
        return time
    }

    /// Picks one detection per mapped site and gives it a confidence.
    private func measure(_ detections: [DetectedMarker]) -> [MarkedSite: MarkerGapFiller<MarkedSite>.Point] {
        var chosen: [MarkedSite: DetectedMarker] = [:]
        for d in detections {
            guard let site = settings.map.sites[d.id] else { continue }
            if let current = chosen[site] {
                // Two copies of one id: keep the one nearest the site's last position, else the larger.
                if let last = lastPosition[site] {
                    if d.center.distance(to: last) < current.center.distance(to: last) { chosen[site] = d }
                } else if d.sidePx > current.sidePx {
                    chosen[site] = d
                }
            } else {
                chosen[site] = d
            }
        }
        let spineSides = chosen.filter { if case .spine = $0.key { true } else { false } }.map(\.value.sidePx).sorted()
        let medianSide: Double? = spineSides.isEmpty ? nil
            : spineSides.count % 2 == 1 ? spineSides[spineSides.count / 2]
            : (spineSides[spineSides.count / 2 - 1] + spineSides[spineSides.count / 2]) / 2
        var out: [MarkedSite: MarkerGapFiller<MarkedSite>.Point] = [:]
        for (site, d) in chosen {
            var confidence = 1.0
            let aspect = d.aspectRatio
            let slanted = aspect < settings.minAspect
            if slanted { confidence = min(confidence, Self.doubtfulConfidence * aspect / max(settings.minAspect, 1e-9)) }
            var outOfSize = false
            if case .spine = site, spineSides.count >= 2, let m = medianSide, m > 0 {
                let r = max(d.sidePx / m, m / d.sidePx)
                outOfSize = r > settings.maxSizeRatio
                if outOfSize { confidence = min(confidence, Self.doubtfulConfidence) }
            }
            summary.recordMeasured(site, slanted: slanted, outOfSize: outOfSize)
            lastPosition[site] = d.center
            out[site] = .init(position: d.center, confidence: confidence)
        }
        if let vote = Self.facingVote(out.mapValues(\.position)) { facingVotes += vote == .right ? 1 : -1 }
        return out
    }

    /// The side the lifter faces in one frame: the hip (else the knee) lies anterior of the line
    /// from the lowest spine marker to C7 (T3 if no C7). nil when those points are missing or
    /// nearly collinear.
    static func facingVote(_ points: [MarkedSite: Point2]) -> Facing? {
        guard let top = points[.spine(.c7)] ?? points[.spine(.t3)],
              let base = [SpineSite.s1, .l5, .l3, .l1, .t12].lazy.compactMap({ points[.spine($0)] }).first,
              let front = points[.body(.hip)] ?? points[.body(.knee)] else { return nil }
        let axis = top - base, toFront = front - base
        let scale = axis.length * toFront.length
        guard scale > 0 else { return nil }
        let c = axis.cross(toFront) / scale
        if abs(c) < 0.05 { return nil }
        return c > 0 ? .right : .left
    }

    private func makePoseFrame(_ f: MarkerGapFiller<MarkedSite>.Frame) -> PoseFrame {
        summary.recordFrame(f.points.mapValues(\.interpolated))
        var frame = PoseFrame(index: f.index, time: f.time)
        frame.spine = f.points.compactMap { site, p -> SpinePoint? in
            guard case .spine(let s) = site else { return nil }
            return SpinePoint(site: s, x: p.position.x, y: p.position.y, confidence: p.confidence, interpolated: p.interpolated)
        }.sorted { $0.site < $1.site }
        frame.landmarks = landmarks(f.points)
        return frame
    }

    /// `blazepose-33` landmarks when the hip and a shoulder (marker or C7 proxy) are known, else
    /// none (a spine-only frame).
    private func landmarks(_ points: [MarkedSite: MarkerGapFiller<MarkedSite>.Point]) -> [Landmark] {
        guard let hip = points[.body(.hip)] else { return [] }
        var shoulder = points[.body(.shoulder)]
        if shoulder == nil, let c7 = points[.spine(.c7)] {
            let facing = Self.facingVote(points.mapValues(\.position)) ?? self.facing ?? .right
            shoulder = .init(position: Self.shoulderProxy(c7: c7.position, hip: hip.position, facing: facing,
                                                          forward: settings.shoulderForward, down: settings.shoulderDown),
                             confidence: min(c7.confidence, hip.confidence), interpolated: c7.interpolated || hip.interpolated)
        }
        guard let shoulder else { return [] }
        var all = [Landmark](repeating: Landmark(x: 0, y: 0, visibility: 0, presence: 0), count: BodyLandmark.allCases.count)
        var body = points.compactMapKeys { site -> MarkerBodyPoint? in if case .body(let b) = site { b } else { nil } }
        body[.shoulder] = shoulder
        for (point, p) in body {
            for lm in point.landmarks {
                all[lm.rawValue] = Landmark(x: p.position.x, y: p.position.y, visibility: p.confidence, presence: 1)
            }
        }
        return all
    }

    /// The shoulder joint estimated from C7 and the hip: `forward` × |hip–C7| anterior of C7
    /// (perpendicular to hip→C7, towards the facing side) and `down` × |hip–C7| from C7 towards
    /// the hip. Image pixels.
    static func shoulderProxy(c7: Point2, hip: Point2, facing: Facing, forward: Double, down: Double) -> Point2 {
        let d = c7 - hip
        let length = d.length
        guard length > 0 else { return c7 }
        let u = d / length
        let sign: Double = facing == .right ? 1 : -1
        let anterior = Point2(-u.y, u.x) * sign
        return c7 + anterior * (forward * length) - u * (down * length)
    }
}

extension Dictionary {
    /// The entries whose keys `transform` maps to a new key (others dropped).
    fileprivate func compactMapKeys<K: Hashable>(_ transform: (Key) -> K?) -> [K: Value] {
        var out: [K: Value] = [:]
        for (k, v) in self { if let n = transform(k) { out[n] = v } }
        return out
    }
}

/// What a marker stream saw: per-site counts and data-quality warnings.
public struct MarkerTrackingSummary: Sendable, Hashable {
    /// Counts for one site.
    public struct SiteCounts: Sendable, Hashable {
        /// Frames delivered with the site measured.
        public var measured = 0
        /// Frames delivered with the site bridged (interpolated).
        public var bridged = 0
        /// Frames delivered without the site.
        public var missing = 0
        /// Detections that were foreshortened (aspect below min-aspect).
        public var slanted = 0
        /// Spine detections out of size with the median spine marker.
        public var outOfSize = 0
        /// Detections made (including frames not yet delivered).
        public var detections = 0

        public init() {}
    }

    public let sites: [MarkedSite]
    public let minAspect: Double
    public let maxSizeRatio: Double
    public private(set) var frames = 0
    public private(set) var counts: [MarkedSite: SiteCounts]
    /// Which way the lifter faces (decided when the stream opened).
    public internal(set) var facing: Facing?

    init(sites: [MarkedSite], minAspect: Double, maxSizeRatio: Double) {
        self.sites = sites
        self.minAspect = minAspect
        self.maxSizeRatio = maxSizeRatio
        counts = Dictionary(uniqueKeysWithValues: sites.map { ($0, SiteCounts()) })
    }

    mutating func recordMeasured(_ site: MarkedSite, slanted: Bool, outOfSize: Bool) {
        counts[site, default: SiteCounts()].detections += 1
        if slanted { counts[site, default: SiteCounts()].slanted += 1 }
        if outOfSize { counts[site, default: SiteCounts()].outOfSize += 1 }
    }

    mutating func recordFrame(_ interpolated: [MarkedSite: Bool]) {
        frames += 1
        for site in sites {
            switch interpolated[site] {
            case .some(false): counts[site, default: SiteCounts()].measured += 1
            case .some(true): counts[site, default: SiteCounts()].bridged += 1
            case .none: counts[site, default: SiteCounts()].missing += 1
            }
        }
    }

    /// Plain-words problems worth telling the person (empty when all is well).
    public var warnings: [String] {
        guard frames > 0 else { return ["no frames were read"] }
        var out: [String] = []
        let n = Double(frames)
        for site in sites {
            let c = counts[site] ?? SiteCounts()
            if c.measured + c.bridged == 0 {
                out.append("marker \(site) was never seen: check that it is in view, facing the camera, and has the right id (see the map)")
            } else if Double(c.missing) / n > 0.2 {
                out.append(String(format: "marker %@ is missing in %.0f%% of the frames", site.description, 100 * Double(c.missing) / n))
            }
            if c.detections > 0, Double(c.slanted) / Double(c.detections) > 0.2 {
                out.append(String(format: "marker %@ looked slanted (not square) in %.0f%% of its detections: it or the lifter is turned away from the camera; film from the side with the markers facing the lens",
                                  site.description, 100 * Double(c.slanted) / Double(c.detections)))
            }
            if c.detections > 0, Double(c.outOfSize) / Double(c.detections) > 0.2 {
                out.append(String(format: "marker %@ differed in size from the other spine markers in %.0f%% of its detections: it is nearer or farther than the rest (not the same marker size, or the back is turned)",
                                  site.description, 100 * Double(c.outOfSize) / Double(c.detections)))
            }
        }
        if facing == nil { out.append("could not tell which way the lifter faces (C7, a lower spine marker and the hip were never seen together in the first second)") }
        return out
    }
}
