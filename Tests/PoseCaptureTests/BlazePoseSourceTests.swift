import Foundation
import PoseCore
import Testing
@testable import PoseCapture

/// The `blazepose` landmark source plugin: descriptor, settings, streams.
@Suite struct BlazePoseSourceTests {
    @Test func descriptorDocumentsEveryParameter() {
        let d = BlazePoseSource().descriptor
        #expect(d.id == "blazepose")
        #expect(d.kind == .landmarkSource)
        let names = d.parameters.map(\.name)
        #expect(Set(names) == ["threads", "min-detection-score", "min-presence", "nms-iou", "tracking", "mask",
                               "mask-from-inclination", "mask-scale", "folder-fps", "segments"])
        for p in d.parameters {
            #expect(!p.summary.isEmpty && p.source?.isEmpty == false, "\(p.name) needs a summary and a source")
        }
        #expect(d.defaultNumber("min-detection-score") == 0.5)
        #expect(d.defaultNumber("min-presence") == 0.5)
        #expect(d.defaultNumber("nms-iou") == 0.3)
    }

    @Test func canOpenVideosFoldersAndCameras() {
        let plugin = BlazePoseSource()
        #expect(plugin.canOpen(.file(URL(fileURLWithPath: "/x/lift.MP4"))))
        #expect(plugin.canOpen(.file(URL(fileURLWithPath: "/x/lift.mov"))))
        #expect(plugin.canOpen(.folder(URL(fileURLWithPath: "/x/frames"))))
        #expect(plugin.canOpen(.camera(index: 0, devicePath: nil)))
        #expect(!plugin.canOpen(.file(URL(fileURLWithPath: "/x/run.jsonl"))))
        #expect(!plugin.canOpen(.file(URL(fileURLWithPath: "/x/notes.txt"))))
    }

    @Test func settingsBecomeOptions() throws {
        let d = BlazePoseSource().descriptor
        let defaults = try BlazePoseSource.options(from: PluginSettings(descriptor: d))
        #expect(defaults == BlazePoseEstimator.Options())
        let custom = try BlazePoseSource.options(from: PluginSettings(descriptor: d, overrides: [
            "threads": "2", "mask": "on", "tracking": "off", "mask-scale": "2", "min-presence": "0.7"]))
        #expect(custom.threads == 2 && custom.computeMask && !custom.tracking && custom.maskScale == 2)
        #expect(custom.minPresence == 0.7)
    }

    @Test(arguments: [["mask": "maybe"], ["min-presence": "1.5"], ["threads": "1.5"], ["threads": "sometimes"], ["mask-scale": "0"],
                      ["nms-iou": "0"], ["min-detection-score": "high"]])
    func badSettingsAreRejected(overrides: [String: String]) throws {
        let settings = try PluginSettings(descriptor: BlazePoseSource().descriptor, overrides: overrides)
        let error = #expect(throws: HingeCheckError.self) { try BlazePoseSource.options(from: settings) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(overrides.keys.first!) == true)
    }

    /// The mask gate on a real clip: the landmarks are those of the ungated run, the frames that
    /// have an outline have the same outline, and only upright frames go without one.
    @Test(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage))
    func theMaskGateSkipsOnlyUprightFramesAndChangesNothingElse() throws {
        let clip = BlazePoseSampleVideoTests.sampleFolder.appendingPathComponent("deadlift-fatigue.mp4")
        func frames(gate: String) throws -> ([PoseFrame], StageTimes?) {
            let plugin = BlazePoseSource()
            let stream = try plugin.open(.file(clip), settings: PluginSettings(descriptor: plugin.descriptor, overrides: [
                "mask": "on", "mask-from-inclination": gate, "threads": "2"]))
            var out: [PoseFrame] = []
            while out.count < 100, let f = try stream.next() { out.append(f) }
            return (out, stream.stageTimes)
        }
        let (gated, times) = try frames(gate: "20")
        let (full, _) = try frames(gate: "0")
        // The network without the mask head sums in another order: a hundredth of a pixel
        // (BlazePoseEstimatorTests.masklessNetworkGivesTheSameLandmarks), carried by the track.
        let shifts = zip(gated, full).flatMap { a, b in zip(a.landmarks, b.landmarks).map { $0.point.distance(to: $1.point) } }
        #expect(gated.count == 100 && full.count == 100 && shifts.count == 3300)
        #expect(shifts.max() ?? 0 < 0.05, "landmarks moved by up to \(shifts.max() ?? 0) px")
        let skipped = gated.indices.filter { gated[$0].outlineSkipped }
        #expect(skipped.count >= 10, "the clip starts standing: some frames must go without the mask")
        #expect(skipped.count < gated.count)
        for i in gated.indices {
            if gated[i].outlineSkipped {
                #expect(gated[i].dorsalContour == nil)
                #expect(try #require(MaskGate.inclinationDeg(gated[i])) < 20, "frame \(i) skipped while inclined")
            } else {
                let a = try #require(gated[i].dorsalContour), b = try #require(full[i].dorsalContour)
                let d = zip(a.depths, b.depths).compactMap { p, q in p.flatMap { p in q.map { abs(p - $0) } } }
                #expect(d.count >= a.depths.count - 2 && (d.max() ?? 0) < 0.5, "frame \(i): outline moved by up to \(d.max() ?? 0) px")
            }
        }
        #expect(!full.contains { $0.outlineSkipped })
        // The stream says where the time went, network by network.
        let names = try #require(times).stages.map(\.name)
        #expect(names.contains("landmark network with mask head") && names.contains("landmark network without mask head"))
        #expect(names.contains("decode") && names.contains("outline (dorsal contour)"))
    }

    @Test func missingModelsNameTheFolderAndTheFix() throws {
        let models = makeTempFolder("hc-nomodels")
        defer { try? FileManager.default.removeItem(at: models) }
        let plugin = BlazePoseSource(models: ModelStore(directory: models))
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let video = dir.appendingPathComponent("v.avi").path
        try writePatternVideo(video, count: 2)
        let error = #expect(throws: HingeCheckError.self) {
            try plugin.open(.file(URL(fileURLWithPath: video)), settings: PluginSettings(descriptor: plugin.descriptor))
        }
        #expect(error?.code == .model)
        #expect(error?.hint?.contains("hingecheck models install") == true)
    }

    /// A video through the plugin: header, one PoseFrame per frame with 33 landmarks and world
    /// landmarks, the presence as person score, and with the mask the frame still streams.
    @Test(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage),
          .enabled(if: BlazePoseFixtures.photosInstalled, BlazePoseFixtures.photoSkipMessage))
    func streamsPoseFramesFromAVideo() throws {
        let path = try BlazePoseTrackingTests.makeShiftVideo()
        defer { removeTempFolder(holding: path) }
        let plugin = BlazePoseSource(models: BlazePoseFixtures.models)
        // The person stands upright: without mask-from-inclination = 0 the gate skips the mask.
        let settings = try PluginSettings(descriptor: plugin.descriptor, overrides: ["threads": "2", "mask": "on",
                                                                                    "mask-from-inclination": "0"])
        let stream = try plugin.openStream(.file(URL(fileURLWithPath: path)), settings: settings)
        #expect(stream.header.source == "blazepose")
        #expect(stream.header.skeleton == Skeleton.blazePose33.id)
        #expect(stream.header.width == 640 && stream.header.height == 400)
        #expect(abs(stream.header.fps - 25) < 0.01)
        #expect(stream.facts.frameCount == BlazePoseTrackingTests.frameCount)
        var frames: [PoseFrame] = []
        var masks = 0
        while let frame = try stream.next({ view, frame, result in
            #expect(view.index == frame.index)
            if result.mask != nil { masks += 1 }
        }) {
            frames.append(frame)
        }
        #expect(frames.map { $0.index } == Array(0..<BlazePoseTrackingTests.frameCount))
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.time < $1.time })
        for f in frames {
            #expect(f.landmarks.count == 33 && f.world?.count == 33)
            #expect((f.personScore ?? 0) > 0.9)
        }
        #expect(masks == BlazePoseTrackingTests.frameCount)
        #expect(stream.lastResult?.found == true)
        // The landmark file round trip keeps every value.
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run.jsonl")
        let writer = try LandmarkFileWriter(url: out, header: stream.header)
        for f in frames { try writer.write(f) }
        try writer.finish()
        let back = try LandmarkFile.read(from: out)
        #expect(back.frames == frames)
    }

    @Test(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage),
          .enabled(if: BlazePoseFixtures.photosInstalled, BlazePoseFixtures.photoSkipMessage))
    func imageFolderWithAndWithoutPerson() throws {
        let dir = makeTempFolder("hc-frames")
        defer { try? FileManager.default.removeItem(at: dir) }
        let person = try ImageFile.read(BlazePoseFixtures.photo("messi5.jpg"))
        let empty = try ImageFile.read(BlazePoseFixtures.photo("fruits.jpg"))
        try ImageFile.write(person, to: dir.appendingPathComponent("f0.png").path)
        try ImageFile.write(try ImageFile.resized(empty, width: person.width, height: person.height),
                            to: dir.appendingPathComponent("f1.png").path)
        try ImageFile.write(person, to: dir.appendingPathComponent("f2.png").path)
        let plugin = BlazePoseSource(models: BlazePoseFixtures.models)
        let settings = try PluginSettings(descriptor: plugin.descriptor, overrides: ["threads": "2", "folder-fps": "10"])
        let stream = try plugin.open(.folder(dir), settings: settings)
        var frames: [PoseFrame] = []
        while let f = try stream.next() { frames.append(f) }
        #expect(frames.map { $0.hasPose } == [true, false, true])
        #expect(frames.map { $0.time } == [0, 0.1, 0.2])
        // The same photo gives the same pose after the track was lost in between.
        let nose = BodyLandmark.nose.rawValue
        #expect(frames[0].landmarks[nose].point.distance(to: frames[2].landmarks[nose].point) < 1)
    }
}
