/// Everything a landmark source found in one frame: the unit that flows from capture to
/// analysis and that the native landmark file stores one per line.
public struct PoseFrame: Hashable, Sendable, Codable {
    /// 0-based frame index in the source.
    public var index: Int
    /// Seconds from the source's start (monotonic clock for live sources).
    public var time: Double
    /// Body landmarks in the skeleton's order (see `Skeleton`), image pixels; empty when no
    /// person was found in this frame.
    public var landmarks: [Landmark]
    /// Metric landmarks (metres, hip-centred), when the source gives them.
    public var world: [WorldLandmark]?
    /// Spine points from markers or spine-keypoint models, cranial to caudal.
    public var spine: [SpinePoint]
    /// The dorsal silhouette edge, when the source has a segmentation mask.
    public var dorsalContour: DorsalContour?
    /// The source's confidence that a person is present, in [0, 1].
    public var personScore: Double?
    /// True when the source could have measured the outline but chose not to, because the frame
    /// was not one the lumbar analysis judges (the mask gate of `blazepose`: an upright trunk).
    /// Such a frame is not reported as missing its outline. Stored as `"dorsal_skipped": true`.
    public var outlineSkipped = false

    public init(index: Int, time: Double, landmarks: [Landmark] = [], world: [WorldLandmark]? = nil,
                spine: [SpinePoint] = [], dorsalContour: DorsalContour? = nil, personScore: Double? = nil) {
        self.index = index
        self.time = time
        self.landmarks = landmarks
        self.world = world
        self.spine = spine
        self.dorsalContour = dorsalContour
        self.personScore = personScore
    }

    /// True when the source found a person (body landmarks or spine points).
    public var hasPose: Bool { !landmarks.isEmpty || !spine.isEmpty }

    /// The landmark for a body point when the frame uses the `blazepose-33` layout.
    @inlinable public subscript(_ body: BodyLandmark) -> Landmark? {
        body.rawValue < landmarks.count ? landmarks[body.rawValue] : nil
    }

    /// The spine point at a site, if measured.
    public func spinePoint(_ site: SpineSite) -> SpinePoint? {
        spine.first { $0.site == site }
    }

    private enum CodingKeys: String, CodingKey {
        case index = "i", time = "t", landmarks = "lm", world, spine, dorsalContour = "dorsal", personScore = "score"
        case outlineSkipped = "dorsal_skipped"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        time = try c.decode(Double.self, forKey: .time)
        landmarks = try c.decodeIfPresent([Landmark].self, forKey: .landmarks) ?? []
        world = try c.decodeIfPresent([WorldLandmark].self, forKey: .world)
        spine = try c.decodeIfPresent([SpinePoint].self, forKey: .spine) ?? []
        dorsalContour = try c.decodeIfPresent(DorsalContour.self, forKey: .dorsalContour)
        personScore = try c.decodeIfPresent(Double.self, forKey: .personScore)
        outlineSkipped = try c.decodeIfPresent(Bool.self, forKey: .outlineSkipped) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(time, forKey: .time)
        if !landmarks.isEmpty { try c.encode(landmarks, forKey: .landmarks) }
        try c.encodeIfPresent(world, forKey: .world)
        if !spine.isEmpty { try c.encode(spine, forKey: .spine) }
        try c.encodeIfPresent(dorsalContour, forKey: .dorsalContour)
        try c.encodeIfPresent(personScore, forKey: .personScore)
        if outlineSkipped { try c.encode(true, forKey: .outlineSkipped) }
    }
}
