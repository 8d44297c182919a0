extension AthleteProfile {
    /// The values a profile field may hold, like a plugin parameter's declared range: outside
    /// them a value is a typo or a damaged file, never an athlete, and it would reach the
    /// analysis (a maximal flexion of 1e-300° made the flexion percentage infinite and crashed
    /// the HTML report).
    public struct FieldRange: Sendable, Hashable {
        /// The JSON key, as a person sees it in the file.
        public var field: String
        public var range: ClosedRange<Double>
        /// Where the limits come from.
        public var source: String

        /// "2…180°".
        public var rangeText: String { "\(PluginParameter.number(range.lowerBound))…\(PluginParameter.number(range.upperBound))°" }
    }

    /// The lumbar angle from spine points (+ = lordosis): standing lordosis is 20–60° and full
    /// flexion ends near −30°; beyond ±90° the markers are mixed up, not a back.
    public static let neutralLumbarRange = FieldRange(field: "neutralLumbarDeg", range: -90...90,
                                                      source: "beyond ±90° the spine points are out of order, not a back")
    /// Maximal lumbar flexion from neutral: about 40–60° in adults. Below 2° (the 1.3–1.8° error
    /// of lumbar sensors, Mjøsund 2017) the percentage of maximum divides by noise.
    public static let maxFlexionRange = FieldRange(field: "maxFlexionDeg", range: 2...180,
                                                   source: "below 2° (the measurement error) a percentage of it divides by noise")
    /// The same limits as `shear-guard.markerless-threshold` and `calibrate --markerless-threshold`.
    public static let markerlessThresholdRange = FieldRange(field: "markerlessThresholdDeg", range: -45...45,
                                                            source: "beyond ±45° an outline angle is a mask failure (shear-guard.markerless-threshold)")

    /// Checks every value the profile holds against its range.
    /// - Parameter path: the profile file, for the error.
    /// - Throws: `.badInput` naming the file, the field, its value and the valid range.
    public func checkRanges(path: String) throws {
        let values: [(Double?, FieldRange)] = [
            (neutralLumbarDeg, Self.neutralLumbarRange),
            (maxFlexionDeg, Self.maxFlexionRange),
            (markerlessThresholdDeg, Self.markerlessThresholdRange),
        ]
        for case let (value?, limits) in values where !limits.range.contains(value) {
            throw HingeCheckError(.badInput, "\(limits.field) = \(PluginParameter.number(value)) is outside \(limits.rangeText)",
                                  path: path,
                                  hint: "give \(limits.field) a value in \(limits.rangeText) (\(limits.source)), or make the profile again with `hingecheck calibrate`")
        }
    }
}
