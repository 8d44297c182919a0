import Foundation
import Testing
import PoseCore
@testable import PoseCapture

@Suite struct MarkerMapTests {
    @Test func standardMapMatchesTheSheetAndGenerator() {
        #expect(MarkerMap.standard.description == "0:C7,1:T8,2:T12,3:L3,4:S1,5:hip,6:knee,7:ankle")
        #expect(MarkerMap.standard.id(of: .spine(.l3)) == 3)
        #expect(MarkerMap.standard.id(of: .body(.knee)) == 6)
    }

    @Test func parsesSpacesAndCase() throws {
        let map = try MarkerMap(parsing: " 10:c7, 11 : t12 ,12:L3,13:s1, 14:HIP ")
        #expect(map.sites == [10: .spine(.c7), 11: .spine(.t12), 12: .spine(.l3), 13: .spine(.s1), 14: .body(.hip)])
    }

    @Test(arguments: ["", "0:C7,1:C7", "0:C7,0:T8", "0=C7", "0:neck", "50:C7", "-1:C7"])
    func rejectsBadMaps(text: String) {
        #expect(throws: HingeCheckError.self) { try MarkerMap(parsing: text) }
    }

    @Test func badParametersNameThemselves() throws {
        for (name, value) in [("dictionary", "9x9_50"), ("upscale", "sometimes"), ("max-gap", "-1"), ("min-aspect", "2"),
                              ("map", "0:C7,60:S1")] {
            do {
                _ = try MarkerStream.Settings(markerSettings([name: value]))
                Issue.record("\(name)=\(value) was accepted")
            } catch let error as HingeCheckError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains(name) || error.message.contains("60"), "\(error.message)")
            }
        }
    }
}

@Suite struct MarkerSourceTests {
    /// A clip where L3 is covered for 0.5 s (frames 40–54) and T8 for 2 s (frames 80–139).
    static let scene: MarkerHingeScene = {
        var s = MarkerHingeScene()
        s.hidden = [.spine(.l3): 40..<55, .spine(.t8): 80..<140]
        return s
    }()
    static let clip: Result<String, any Error> = Result {
        try scene.writeVideo(to: makeTempFolder("markers").appendingPathComponent("hinge-markers.mp4").path)
    }

    func frames(of path: String, _ overrides: [String: String] = [:]) throws -> (MarkerStream, [PoseFrame]) {
        let stream = try MarkerSource().openStream(.file(URL(fileURLWithPath: path)), settings: markerSettings(overrides))
        var out: [PoseFrame] = []
        while let f = try stream.next() { out.append(f) }
        return (stream, out)
    }

    @Test func centresAndLumbarAngleMatchTheTruth() throws {
        let path = try Self.clip.get()
        let (stream, frames) = try frames(of: path)
        #expect(stream.header.source == "markers" && stream.header.skeleton == "blazepose-33")
        #expect(stream.header.facing == "right")
        #expect(frames.map(\.index) == Array(0..<Self.scene.frames))
        var worstCentre = 0.0
        var angleErrors: [Double] = []
        for f in frames {
            let truth = Self.scene.positions(frame: f.index)
            for p in f.spine where !p.interpolated {
                worstCentre = max(worstCentre, p.point.distance(to: truth[.spine(p.site)]!))
                #expect(p.confidence == 1, "frame \(f.index) \(p.site) confidence \(p.confidence)")
            }
            if let t12 = f.spinePoint(.t12), let l3 = f.spinePoint(.l3), let s1 = f.spinePoint(.s1), !l3.interpolated {
                let measured = lumbarAngleDeg(t12: t12.point, l3: l3.point, s1: s1.point)
                let expected = lumbarAngleDeg(t12: truth[.spine(.t12)]!, l3: truth[.spine(.l3)]!, s1: truth[.spine(.s1)]!)
                angleErrors.append(abs(measured - expected))
            }
        }
        #expect(worstCentre < 0.5, "worst measured centre is \(worstCentre) px from the truth")
        #expect(angleErrors.count == Self.scene.frames - 15)
        let mae = angleErrors.reduce(0, +) / Double(angleErrors.count)
        #expect(mae < 0.5, "T12-L3-S1 angle MAE \(mae)°")
        #expect(angleErrors.max()! < 1.5)
        // The truth goes from +20° (lordosis) to -15° (kyphosis): the sign convention holds.
        let first = frames[0]
        let a0 = lumbarAngleDeg(t12: first.spinePoint(.t12)!.point, l3: first.spinePoint(.l3)!.point, s1: first.spinePoint(.s1)!.point)
        #expect(abs(a0 - 20) < 1)
    }

    @Test func halfSecondCoverIsBridgedAndTwoSecondsIsMissing() throws {
        let (stream, frames) = try frames(of: try Self.clip.get())
        for f in frames {
            let l3 = f.spinePoint(.l3)
            #expect(l3 != nil, "L3 missing in frame \(f.index)")
            #expect(l3?.interpolated == (40..<55).contains(f.index), "frame \(f.index)")
            if let l3, l3.interpolated {
                #expect(l3.confidence == 0.75)
                // On the straight line between the measured ends (frames 39 and 55).
                let a = frames[39].spinePoint(.l3)!.point, b = frames[55].spinePoint(.l3)!.point
                let t = Double(f.index - 39) / 16
                #expect((a + (b - a) * t).distance(to: l3.point) < 1e-6)
            }
            let t8 = f.spinePoint(.t8)
            #expect((t8 == nil) == (80..<140).contains(f.index), "frame \(f.index): T8 \(String(describing: t8))")
            #expect(t8?.interpolated != true)
        }
        let counts = stream.summary.counts
        #expect(counts[.spine(.l3)]?.bridged == 15 && counts[.spine(.l3)]?.missing == 0)
        #expect(counts[.spine(.t8)]?.missing == 60 && counts[.spine(.t8)]?.bridged == 0)
        #expect(stream.summary.warnings.contains { $0.contains("T8") && $0.contains("missing") })
        #expect(!stream.summary.warnings.contains { $0.contains("slanted") })
    }

    @Test func bodyLandmarksAndShoulderProxy() throws {
        let (_, frames) = try frames(of: try Self.clip.get())
        let f = frames[0]
        let truth = Self.scene.positions(frame: 0)
        #expect(f.landmarks.count == 33)
        for (body, site) in [(BodyLandmark.leftHip, MarkedSite.body(.hip)), (.rightHip, .body(.hip)), (.leftKnee, .body(.knee)),
                             (.rightAnkle, .body(.ankle))] {
            let lm = try #require(f[body])
            #expect(lm.point.distance(to: truth[site]!) < 0.5 && lm.visibility == 1)
        }
        #expect(f[.nose]?.visibility == 0 && f[.nose]?.presence == 0)
        // Facing right: the proxy shoulder lies 0.07 × |hip–C7| anterior (+x side) of the hip→C7
        // line and 0.19 × |hip–C7| below C7 along it (the defaults).
        let c7 = f.spinePoint(.c7)!.point, hip = f[.leftHip]!.point, shoulder = f[.leftShoulder]!.point
        #expect(f[.rightShoulder]!.point == shoulder)
        let axis = c7 - hip, length = axis.length, u = axis / length
        let offset = shoulder - c7
        #expect(abs(u.cross(offset) / length - 0.07) < 1e-6)  // cross > 0: anterior for facing right
        #expect(abs(-u.dot(offset) / length - 0.19) < 1e-6)
        #expect(shoulder.x > c7.x && shoulder.y > c7.y)
    }

    @Test func mirroredClipFacesLeft() throws {
        var scene = MarkerHingeScene()
        scene.frames = 20
        scene.mirrored = true
        let folder = makeTempFolder("markers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try scene.writeVideo(to: folder.appendingPathComponent("left.mp4").path)
        let (stream, frames) = try frames(of: path)
        #expect(stream.header.facing == "left")
        let f = frames[0]
        #expect(f[.leftShoulder]!.x < f.spinePoint(.c7)!.x)  // anterior is -x
        let angle = lumbarAngleDeg(t12: f.spinePoint(.t12)!.point, l3: f.spinePoint(.l3)!.point, s1: f.spinePoint(.s1)!.point,
                                   facing: .left)
        #expect(abs(angle - 20) < 1)
    }

    @Test func slantedMarkersGetLowConfidence() throws {
        // An image folder: one frame with every marker squashed to 0.75 (turned ~41° away).
        let folder = makeTempFolder("markers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scene = MarkerHingeScene()
        var image = BGRImage(width: scene.width, height: scene.height, fill: Color(r: 110, g: 110, b: 110))
        for (site, centre) in scene.positions(frame: 0) {
            MarkerPainter.draw(try MarkerPattern(id: MarkerMap.standard.id(of: site)!), on: &image, center: centre, side: 24,
                               squash: 0.75)
        }
        try ImageFile.write(image, to: folder.appendingPathComponent("f0.png").path)
        let stream = try MarkerSource().openStream(.folder(folder), settings: markerSettings())
        let f = try #require(try stream.next())
        #expect(f.spine.count == 5)
        for p in f.spine { #expect(p.confidence < 0.5, "\(p.site) confidence \(p.confidence)") }
        #expect(try stream.next() == nil)
        #expect(stream.summary.warnings.contains { $0.contains("slanted") })
    }

    @Test func oneMarkerOutOfSizeIsDoubted() throws {
        let folder = makeTempFolder("markers")
        defer { try? FileManager.default.removeItem(at: folder) }
        let scene = MarkerHingeScene()
        var image = BGRImage(width: scene.width, height: scene.height, fill: Color(r: 110, g: 110, b: 110))
        for (site, centre) in scene.positions(frame: 0) {
            let side = site == .spine(.t12) ? 32.0 : 22.0  // T12 much nearer the camera
            MarkerPainter.draw(try MarkerPattern(id: MarkerMap.standard.id(of: site)!), on: &image, center: centre, side: side)
        }
        try ImageFile.write(image, to: folder.appendingPathComponent("f0.png").path)
        let stream = try MarkerSource().openStream(.folder(folder), settings: markerSettings())
        let f = try #require(try stream.next())
        #expect(f.spinePoint(.t12)!.confidence < 0.5)
        #expect(f.spinePoint(.l3)!.confidence == 1 && f.spinePoint(.c7)!.confidence == 1)
    }

    @Test func missingInputIsNamed() {
        #expect(throws: HingeCheckError.self) {
            _ = try MarkerSource().open(.file(URL(fileURLWithPath: "/nonexistent/clip.mp4")), settings: markerSettings())
        }
    }
}

/// The generated sample clips with markers (SampleVideos/*markers*.mp4 and their
/// .truth.json), when they exist: the T12–L3–S1 angle against the generator's truth.
@Suite struct MarkerSampleVideoTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../SampleVideos").standardized
    static let clips: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.contains("markers") && $0.hasSuffix(".mp4") }
        .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent(truthName($0)).path) }
        .sorted()

    static func truthName(_ clip: String) -> String { String(clip.dropLast(4)) + ".truth.json" }

    /// The few truth fields this test reads.
    struct Truth: Decodable {
        struct Video: Decodable { var facing: Facing }
        struct Frame: Decodable { var index: Int; var lumbarAngleDeg: Double }
        var video: Video
        var frames: [Frame]
    }

    @Test(.enabled(if: !clips.isEmpty), arguments: clips)
    func lumbarAngleWithinOneDegree(clip: String) throws {
        let truth = try JSONDecoder().decode(Truth.self, from: Data(contentsOf: Self.folder.appendingPathComponent(Self.truthName(clip))))
        let stream = try MarkerSource().openStream(.file(Self.folder.appendingPathComponent(clip)), settings: markerSettings())
        #expect(stream.header.facing == truth.video.facing.rawValue)
        var errors: [Double] = []
        while let f = try stream.next() {
            guard let t12 = f.spinePoint(.t12), let l3 = f.spinePoint(.l3), let s1 = f.spinePoint(.s1),
                  f.index < truth.frames.count else { continue }
            let measured = lumbarAngleDeg(t12: t12.point, l3: l3.point, s1: s1.point, facing: truth.video.facing)
            errors.append(abs(measured - truth.frames[f.index].lumbarAngleDeg))
        }
        #expect(errors.count >= truth.frames.count * 9 / 10, "lumbar angle in \(errors.count) of \(truth.frames.count) frames")
        let mae = errors.reduce(0, +) / Double(max(errors.count, 1))
        #expect(mae <= 1, "\(clip): T12-L3-S1 MAE \(mae)° over \(errors.count) frames")
    }
}
