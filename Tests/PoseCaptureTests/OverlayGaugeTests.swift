import Foundation
import PoseCore
import Testing
@testable import PoseCapture

/// The overlay's lumbar gauge and back-outline colours, drawn for real on an image and read back
/// pixel by pixel: a negative lower-back angle fills part of the bar, a rep that can't be told
/// is grey (not the green of "held"), and the LIMIT label stays clear of the value under the bar.
@Suite struct OverlayGaugeTests {
    static let held = Color(r: 34, g: 197, b: 94)
    static let lost = Color(r: 220, g: 38, b: 38)
    static let grey = Color(r: 160, g: 160, b: 160)
    static let empty = Color(r: 70, g: 70, b: 70)

    @Test func scaleIsCentredOnTheLimit() {
        let flexion = OverlayGauge(limitDeg: 15)
        #expect(flexion.bottomDeg == 0 && flexion.topDeg == 30)
        let markerless = OverlayGauge(limitDeg: 3.5)
        #expect(markerless.bottomDeg == -11.5 && markerless.topDeg == 18.5)
        let zero = OverlayGauge(limitDeg: 0)
        #expect(zero.bottomDeg == -15 && zero.topDeg == 15)
        #expect(zero.fraction(0) == 0.5)
        #expect(abs(markerless.fraction(-7) - 0.15) < 1e-12)
        #expect(markerless.fraction(-40) == 0 && markerless.fraction(40) == 1)
        let none = OverlayGauge(limitDeg: nil)
        #expect(none.bottomDeg == 0 && none.topDeg == 30)
    }

    /// Wherever the limit line is, even at the bar's very bottom, the label's baseline stays at
    /// or above the bar's bottom and the value's top below it.
    @Test(arguments: [0.0, 0.25, 0.5, 0.99, 1.0]) func limitLabelNeverMeetsTheValue(share: Double) {
        let unit = 2.0, barTop = 20.0, bottom = 320.0
        let lineY = bottom - share * (bottom - barTop)
        let labelBaseline = OverlayGauge.limitLabelBaseline(lineY: lineY, barTopY: barTop, bottomY: bottom, labelHeight: 7 * unit)
        let valueBaseline = OverlayGauge.valueBaseline(bottomY: bottom, valueHeight: 9 * unit, gap: 5 * unit)
        #expect(labelBaseline <= bottom)
        #expect(labelBaseline - 7 * unit >= barTop)
        #expect(valueBaseline - 9 * unit >= labelBaseline + 4 * unit)
    }

    /// A markerless result (limit +3.5°) with one rep of the given verdict and one frame at 1 s.
    static func overlay(value: Double, postureLost: Bool?) -> HingeOverlay {
        var rep = Rep(index: 1, startS: 0, bottomS: 1, endS: 2)
        rep.postureLost = postureLost
        if postureLost == nil { rep.verdictReason = .withinUncertainty }
        let sample = KinematicSample(index: 30, time: 1, trunkInclinationDeg: 60, lumbarAngleDeg: value,
                                     lumbarMethod: .dorsalContour, confidence: 1)
        let result = AnalysisResult(samples: [sample], reps: [rep],
                                    reference: LumbarReference(kind: .hingedPositionAbsolute, thresholdDeg: 3.5, detail: "test"))
        return HingeOverlay(result: result, loadedInclinationDeg: 30)
    }

    /// The colour near the bottom of the bar of a 360 × 360 picture (unit 1: the bar spans
    /// x 330…346, y 20…170).
    static func barBottom(_ overlay: HingeOverlay) -> Color {
        var image = BGRImage(width: 360, height: 360, fill: .white)
        overlay.draw(on: &image, frame: PoseFrame(index: 30, time: 1), time: 1)
        return image.pixel(x: 338, y: 167)
    }

    @Test func aNegativeValueFillsPartOfTheBar() {
        #expect(Self.barBottom(Self.overlay(value: -7, postureLost: false)) == Self.held)
        // Below the scale's bottom: nothing to fill.
        #expect(Self.barBottom(Self.overlay(value: -30, postureLost: false)) == Self.empty)
    }

    @Test func cantTellIsGreyHeldGreenOverTheLimitRed() {
        #expect(Self.barBottom(Self.overlay(value: 2, postureLost: nil)) == Self.grey)
        #expect(Self.barBottom(Self.overlay(value: 2, postureLost: false)) == Self.held)
        #expect(Self.barBottom(Self.overlay(value: 10, postureLost: true)) == Self.lost)
        #expect(Self.overlay(value: 2, postureLost: nil).outlineColor(at: 1) == Self.grey)
        #expect(Self.overlay(value: 2, postureLost: false).outlineColor(at: 1) == Self.held)
        #expect(Self.grey != Self.held && Self.grey != Self.lost)
    }
}
