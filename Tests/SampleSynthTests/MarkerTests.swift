import Foundation
import PoseCapture
import PoseCore
import Testing
@testable import SampleSynth

@Suite("ArUco markers")
struct MarkerTests {
    /// The 4×4 inner bits of a marker bitmap (1 = white), read at the cell centres.
    private func bits(_ m: ArucoMarkerBitmap) -> [Bool] {
        let cell = m.side / 6
        return (0..<16).map { k in m.value(x: (k % 4 + 1) * cell + cell / 2, y: (k / 4 + 1) * cell + cell / 2) > 127 }
    }

    @Test("drawMarker through the shim: black border, binary cells, distinct codes")
    func bitmaps() throws {
        var codes = Set<[Bool]>()
        for id in 0..<50 {
            let m = try ArucoMarkerBitmap(id: id, side: 60)
            #expect(m.pixels.count == 3600)
            #expect(m.pixels.allSatisfy { $0 == 0 || $0 == 255 })
            for i in 0..<60 {
                #expect(m.value(x: i, y: 0) == 0 && m.value(x: i, y: 59) == 0 && m.value(x: 0, y: i) == 0 && m.value(x: 59, y: i) == 0)
            }
            let b = bits(m)
            #expect(b.contains(true) && b.contains(false))
            codes.insert(b)
        }
        #expect(codes.count == 50)
    }

    @Test("bad ids and sizes are refused with invalidArgument")
    func refusals() {
        #expect(throws: HingeCheckError.self) { try ArucoMarkerBitmap(id: 50, side: 60) }
        #expect(throws: HingeCheckError.self) { try ArucoMarkerBitmap(id: 0, side: 5) }
        do {
            _ = try ArucoMarkerBitmap(id: 99, side: 60)
        } catch let e as HingeCheckError {
            #expect(e.code == .invalidArgument)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("the layout's ids and sites round-trip")
    func layout() {
        #expect(MarkerSite.allCases.map(\.markerID) == Array(0..<8))
        #expect(MarkerSite(markerID: 3) == .l3)
        #expect(MarkerSite.l3.spineSite == .l3 && MarkerSite.knee.spineSite == nil)
        #expect(MarkerSite(markerID: 8) == nil)
    }

    @Test("rendered markers: square of the requested size, centred on the spine points, black and white inside")
    func renderedMarkers() throws {
        let synth = try SampleSynthesizer(options: testOptions(.rdl, width: 640, height: 480, markers: true, duration: 4))
        let (image, truth) = synth.render(100)
        #expect(truth.markers.map(\.id) == Array(0..<8))
        let ppm = synth.camera.pxPerM
        for m in truth.markers {
            let c = m.corners
            let side = c[0].distance(to: c[1])
            #expect(abs(side - 0.07 * ppm) < 0.05)
            #expect(abs(c[1].distance(to: c[2]) - side) < 0.05)
            #expect(abs((c[1] - c[0]).dot(c[2] - c[1])) / (side * side) < 0.002)  // square corners
            if let site = SpineSite(rawValue: m.site) {
                let p = try #require(truth.spine.first { $0.site == site })
                #expect(abs(p.x - m.center.x) < 0.011 && abs(p.y - m.center.y) < 0.011)
            }
            // Sample inside the marker: both near-black and near-white pixels.
            var dark = 0, light = 0
            for u in stride(from: 0.1, to: 0.9, by: 0.1) {
                for v in stride(from: 0.1, to: 0.9, by: 0.1) {
                    let p = c[0] + (c[1] - c[0]) * u + (c[3] - c[0]) * v
                    let px = image.pixel(x: Int(p.x.rounded()), y: Int(p.y.rounded()))
                    if px.g < 70 { dark += 1 }
                    if px.g > 200 { light += 1 }
                }
            }
            #expect(dark > 10 && light > 5, "marker \(m.id): dark \(dark) light \(light)")
        }
        // Marker "up" follows the spine: the S1 marker's top edge points along S1→L3.
        let s1 = truth.markers[4], l3 = try #require(truth.spine.first { $0.site == .l3 })
        let up = (s1.corners[0] - s1.corners[3]).normalized, toward = (l3.point - s1.center).normalized
        #expect(up.dot(toward) > 0.9)
    }
}

private extension Point2 {
    var normalized: Point2 { self / length }
}
