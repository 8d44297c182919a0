import PoseCore

/// The scale and layout of the overlay's lumbar gauge (annotated video, rep pictures, live).
///
/// The scale is centred on the limit, `span` degrees either side: with the spine-point flexion
/// limit of 15° it runs 0…30° as before; for the markerless lower-back angle, whose limit is
/// near 0° and whose values are mostly negative (a lordotic lower back), it runs −15…+15°, so
/// a negative value still fills part of the bar instead of leaving it empty.
///
/// Coordinates: image pixels, y down; `unit` is the overlay's scale (1 at 360 px).
public struct OverlayGauge: Sendable, Hashable {
    /// Degrees at the bottom and the top of the bar.
    public let bottomDeg: Double
    public let topDeg: Double
    /// The limit, degrees (nil: the measure has none, the scale centres on 15°).
    public let limitDeg: Double?

    /// Smallest half-range, degrees: a limit of 0° still shows a readable range.
    static let minimumSpanDeg = 15.0

    public init(limitDeg: Double?) {
        self.limitDeg = limitDeg
        let centre = limitDeg ?? Self.minimumSpanDeg
        let span = max(abs(centre), Self.minimumSpanDeg)
        bottomDeg = centre - span
        topDeg = centre + span
    }

    /// The filled share of the bar for `valueDeg`, 0…1 (values beyond the scale stay at its ends).
    public func fraction(_ valueDeg: Double) -> Double {
        max(0, min(1, (valueDeg - bottomDeg) / (topDeg - bottomDeg)))
    }

    /// The baseline of the "LIMIT" label beside the limit line at `lineY`: centred on the line,
    /// but never lower than the bar's bottom (`bottomY`), so it cannot reach the value printed
    /// under the bar, and never above the bar's top plus the label's height.
    /// - Parameters:
    ///   - labelHeight: the label's cap height, pixels.
    public static func limitLabelBaseline(lineY: Double, barTopY: Double, bottomY: Double, labelHeight: Double) -> Double {
        min(max(lineY + labelHeight / 2, barTopY + labelHeight), bottomY)
    }

    /// The baseline of the value printed under the bar; its cap height is `valueHeight`. Its top
    /// (`baseline − valueHeight`) lies `gap` below the bar's bottom.
    public static func valueBaseline(bottomY: Double, valueHeight: Double, gap: Double) -> Double {
        bottomY + gap + valueHeight
    }
}
