import Foundation
import PoseCore
import Testing
@testable import PoseCapture

/// The BlazePose pipeline on real photos (opencv-doc) with the real networks.
///
/// Expected positions were read by eye off the photos (landmarks drawn on a 20 px grid and
/// inspected), not copied from the output. Tolerances: 12 px for joints with a clear image
/// location (nose, wrists, knees, ankles), 15 px for shoulders and elbows under sleeves, 20 px
/// for hips hidden under shorts. That is about 5 % of the figure's height (250 px for Messi, 370 px
/// for the basketball player): a person places a joint centre within ~5 px, BlazePose's own error
/// on such photos is a few per cent of torso length, and every pipeline mistake these tests exist
/// to catch (mirrored x, a letterbox or ROI offset, wrong rotation sign, wrong person) moves points
/// by tens of pixels.
@Suite(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage),
       .enabled(if: BlazePoseFixtures.photosInstalled, BlazePoseFixtures.photoSkipMessage))
struct BlazePoseEstimatorTests {
    static let messi: [ExpectedPoint] = [
        .init(landmark: .nose, x: 250, y: 112, tolerance: 12),
        .init(landmark: .rightWrist, x: 105, y: 100, tolerance: 12),
        .init(landmark: .leftWrist, x: 345, y: 165, tolerance: 12),
        .init(landmark: .rightKnee, x: 235, y: 285, tolerance: 12),
        .init(landmark: .leftKnee, x: 340, y: 245, tolerance: 12),
        .init(landmark: .leftAnkle, x: 405, y: 262, tolerance: 12),
        .init(landmark: .rightAnkle, x: 283, y: 312, tolerance: 12),
        .init(landmark: .rightShoulder, x: 200, y: 130, tolerance: 15),
        .init(landmark: .leftShoulder, x: 270, y: 125, tolerance: 15),
        .init(landmark: .rightElbow, x: 152, y: 120, tolerance: 15),
        .init(landmark: .leftElbow, x: 308, y: 148, tolerance: 15),
        .init(landmark: .leftHip, x: 288, y: 228, tolerance: 20),
        .init(landmark: .rightHip, x: 250, y: 242, tolerance: 20),
    ]

    /// The player on the left of basketball1.png (the other person is cut by the frame edge).
    static let basketball: [ExpectedPoint] = [
        .init(landmark: .nose, x: 97, y: 115, tolerance: 12),
        .init(landmark: .rightShoulder, x: 52, y: 160, tolerance: 15),
        .init(landmark: .leftShoulder, x: 116, y: 160, tolerance: 15),
        .init(landmark: .rightElbow, x: 88, y: 205, tolerance: 15),
        .init(landmark: .rightKnee, x: 72, y: 370, tolerance: 15),
        .init(landmark: .leftKnee, x: 117, y: 370, tolerance: 15),
        .init(landmark: .rightAnkle, x: 66, y: 449, tolerance: 15),
        .init(landmark: .leftAnkle, x: 121, y: 440, tolerance: 15),
        .init(landmark: .rightHip, x: 71, y: 283, tolerance: 20),
        .init(landmark: .leftHip, x: 110, y: 280, tolerance: 20),
    ]

    @Test(arguments: [("messi5.jpg", messi), ("basketball1.png", basketball)])
    func landmarksLandOnTheBody(photo: String, expected: [ExpectedPoint]) throws {
        let image = try ImageFile.read(BlazePoseFixtures.photo(photo))
        let result = try BlazePoseFixtures.stillEstimator().process(image, time: 0)
        try #require(result.found, "no pose in \(photo)")
        #expect(result.detected)
        #expect(result.detections >= 1)
        #expect(result.presence > 0.9)
        #expect(result.detectionScore >= 0.5)
        #expect(result.landmarks.count == 33)
        #expect(result.world.count == 33)
        for point in expected {
            let landmark = result.landmarks[point.landmark.rawValue]
            let distance = landmark.point.distance(to: Point2(point.x, point.y))
            #expect(distance <= point.tolerance, "\(photo): \(point), got (\(landmark.x), \(landmark.y)), \(distance) px off")
            #expect(landmark.visibility > 0.5, "\(photo): \(point.landmark.name) visibility \(landmark.visibility)")
        }
        // Every point lies in or near the frame, and the ROI contains the hips.
        for l in result.landmarks {
            #expect(l.x > -50 && l.x < Double(image.width) + 50 && l.y > -50 && l.y < Double(image.height) + 50)
            #expect((0...1).contains(l.visibility) && (0...1).contains(l.presence))
        }
        let roi = try #require(result.roi)
        let hip = Point2.midpoint(result.landmarks[23].point, result.landmarks[24].point)
        #expect(hip.distance(to: roi.center) < roi.size / 4)
    }

    @Test func worldLandmarksAreMetricAndHipCentred() throws {
        let image = try ImageFile.read(BlazePoseFixtures.photo("basketball1.png"))
        let result = try BlazePoseFixtures.stillEstimator().process(image, time: 0)
        try #require(result.found)
        let w = result.world
        let hip = Point2.midpoint(Point2(w[23].x, w[23].y), Point2(w[24].x, w[24].y))
        #expect(hip.length < 0.05, "world origin is between the hips, got \(hip)")
        // A standing adult: shoulders about 0.4-0.7 m above the hips, ankles 0.7-1.1 m below (y down).
        let shoulderY = (w[11].y + w[12].y) / 2, ankleY = (w[27].y + w[28].y) / 2
        #expect(shoulderY < -0.35 && shoulderY > -0.75, "shoulders at y = \(shoulderY) m")
        #expect(ankleY > 0.6 && ankleY < 1.1, "ankles at y = \(ankleY) m")
    }

    @Test(arguments: ["fruits.jpg", "HappyFish.jpg"])
    func photoWithoutPersonGivesNoLandmarks(photo: String) throws {
        let image = try ImageFile.read(BlazePoseFixtures.photo(photo))
        let result = try BlazePoseFixtures.stillEstimator().process(image, time: 0)
        #expect(!result.found)
        #expect(result.landmarks.isEmpty && result.world.isEmpty && result.roi == nil)
        #expect(result.presence < 0.5)
        #expect(result.poseFrame(index: 0, time: 0).hasPose == false)
    }

    /// HappyFish.jpg is the case where the detector does fire (a false positive) and the landmark
    /// model's presence rejects it: both gates are exercised.
    @Test func falseDetectionIsRejectedByPresence() throws {
        let image = try ImageFile.read(BlazePoseFixtures.photo("HappyFish.jpg"))
        let result = try BlazePoseFixtures.stillEstimator().process(image, time: 0)
        #expect(result.detections >= 1)
        #expect(!result.found)
    }

    @Test func syntheticGradientGivesNoLandmarks() throws {
        var image = BGRImage(width: 320, height: 240)
        for y in 0..<240 {
            for x in 0..<320 {
                let i = (y * 320 + x) * 3
                image.pixels[i] = UInt8(x * 255 / 319)
                image.pixels[i + 1] = UInt8(y * 255 / 239)
                image.pixels[i + 2] = 128
            }
        }
        let result = try BlazePoseFixtures.stillEstimator().process(image, time: 0)
        #expect(!result.found)
        #expect(result.detections == 0)
    }

    @Test func resultsAreDeterministic() throws {
        let image = try ImageFile.read(BlazePoseFixtures.photo("messi5.jpg"))
        let a = try BlazePoseFixtures.stillEstimator().process(image, time: 0)
        let b = try BlazePoseFixtures.stillEstimator().process(image, time: 0)
        try #require(a.found)
        #expect(a.landmarks == b.landmarks)
        #expect(a.world == b.world)
        #expect(a.roi == b.roi)
    }

    @Test func maskCoversThePersonAndNotTheBackground() throws {
        let image = try ImageFile.read(BlazePoseFixtures.photo("messi5.jpg"))
        let estimator = try BlazePoseFixtures.stillEstimator(mask: true)
        var result = try estimator.process(image, time: 0)
        var mask = try #require(result.mask)
        #expect(mask.width == image.width && mask.height == image.height && mask.scale == 1)
        let lm = result.landmarks
        let chest = Point2.midpoint(Point2.midpoint(lm[11].point, lm[12].point), Point2.midpoint(lm[23].point, lm[24].point))
        #expect(mask.probability(at: chest) > 0.9)
        #expect(mask.probability(at: lm[BodyLandmark.nose.rawValue].point) > 0.5)
        for corner in [Point2(5, 5), Point2(540, 5), Point2(5, 335), Point2(540, 335)] {
            #expect(mask.probability(at: corner) < 0.1, "background at \(corner)")
        }
        // Half resolution: the same answers at the same image points.
        var options = estimator.options
        options.maskScale = 2
        try estimator.setOptions(options)
        result = try estimator.process(image, time: 0)
        mask = try #require(result.mask)
        #expect(mask.width == (image.width + 1) / 2 && mask.height == (image.height + 1) / 2 && mask.scale == 2)
        #expect(mask.probability(at: chest) > 0.9)
        #expect(mask.probability(at: Point2(540, 335)) < 0.1)
    }

    @Test func noMaskUnlessAsked() throws {
        let image = try ImageFile.read(BlazePoseFixtures.photo("messi5.jpg"))
        let result = try BlazePoseFixtures.stillEstimator(mask: false).process(image, time: 0)
        #expect(result.found && result.mask == nil)
    }

    /// The network without its mask head is the same network: the same landmarks to float
    /// rounding (a hundredth of a pixel allows for OpenCV's summation order, nothing more), and
    /// switching the mask on mid-stream switches back to the whole network.
    @Test(arguments: ["messi5.jpg", "basketball1.png"])
    func masklessNetworkGivesTheSameLandmarks(photo: String) throws {
        let image = try ImageFile.read(BlazePoseFixtures.photo(photo))
        let models = BlazePoseFixtures.models
        let options = BlazePoseEstimator.Options(threads: 2, tracking: false, computeMask: false)
        let whole = try BlazePoseEstimator(detectorPath: models.url(of: ModelStore.detector).path,
                                           landmarkPath: models.url(of: ModelStore.landmark).path, options: options)
        let lean = try BlazePoseEstimator(detectorPath: models.url(of: ModelStore.detector).path,
                                          landmarkPath: models.url(of: ModelStore.landmark).path,
                                          masklessLandmarkPath: models.url(of: ModelStore.landmarkMaskless).path,
                                          options: options)
        let a = try whole.process(image, time: 0), b = try lean.process(image, time: 0)
        try #require(a.found && b.found)
        for (p, q) in zip(a.landmarks, b.landmarks) {
            #expect(abs(p.x - q.x) < 0.01 && abs(p.y - q.y) < 0.01, "\(p) vs \(q)")
            #expect(abs(p.visibility - q.visibility) < 1e-4)
        }
        #expect(b.mask == nil)
        var withMask = options
        withMask.computeMask = true
        try lean.setOptions(withMask)
        #expect(try lean.process(image, time: 0).mask != nil)
    }

    @Test func badMasklessModelIsNamed() throws {
        let models = BlazePoseFixtures.models
        let detector = models.url(of: ModelStore.detector).path
        // The detector is not a landmark network: its outputs are wrong.
        let error = #expect(throws: HingeCheckError.self) {
            try BlazePoseEstimator(detectorPath: detector, landmarkPath: models.url(of: ModelStore.landmark).path,
                                   masklessLandmarkPath: detector)
        }
        #expect(error?.code == .model)
        #expect(error?.path == detector)
        #expect(error?.message.contains("without mask head") == true, "\(String(describing: error))")
    }

    @Test func badOptionsAreRejected() throws {
        let estimator = try BlazePoseFixtures.stillEstimator()
        let before = estimator.options
        for bad in [BlazePoseEstimator.Options(minDetectionScore: 1.5), .init(minPresence: -0.1), .init(nmsIoU: 0),
                    .init(maskScale: 0), .init(threads: -1)] {
            let error = #expect(throws: HingeCheckError.self) { try estimator.setOptions(bad) }
            #expect(error?.code == .invalidArgument)
        }
        #expect(estimator.options == before)
    }
}

/// Tracking on a short video built from a photo: the ROI follows the person from frame to
/// frame (no second detection) and the landmarks follow the image shift.
@Suite(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage),
       .enabled(if: BlazePoseFixtures.photosInstalled, BlazePoseFixtures.photoSkipMessage))
struct BlazePoseTrackingTests {
    static let step = (dx: 4, dy: 2)
    static let frameCount = 12

    /// messi5.jpg pasted on a 640 x 400 canvas, moved by `step` pixels per frame, written as
    /// MJPG .avi at 25 fps, in a temporary folder of its own (`removeTempFolder(holding:)` removes it).
    static func makeShiftVideo() throws -> String {
        let photo = try ImageFile.read(BlazePoseFixtures.photo("messi5.jpg"))
        let path = makeTempFolder("hc-track").appendingPathComponent("shift.avi").path
        let writer = try VideoWriter(path: path, width: 640, height: 400, fps: 25)
        for i in 0..<frameCount {
            try writer.write(BlazePoseFixtures.placed(photo, dx: 20 + step.dx * i, dy: 20 + step.dy * i,
                                                      width: 640, height: 400))
        }
        try writer.close()
        return path
    }

    @Test func landmarksFollowTheShift() throws {
        let path = try Self.makeShiftVideo()
        defer { removeTempFolder(holding: path) }
        let source = try VideoFileSource(path: path)
        let estimator = try BlazePoseEstimator(models: BlazePoseFixtures.models, options: .init(threads: 2),
                                               verifyChecksums: false)
        var results: [BlazePoseResult] = []
        while let r = try source.read({ try estimator.process($0) }) { results.append(r) }
        try #require(results.count == Self.frameCount)
        #expect(results.allSatisfy { $0.found })
        #expect(results[0].detected)
        #expect(results.dropFirst().allSatisfy { !$0.detected }, "the ROI should be tracked, not re-detected")
        // Landmark motion against frame 0, over points visible in both frames. The body as a
        // whole must move with the image: the median displacement error per axis stays within
        // 2.5 px (measured: at most 1.7 px). Single points move less rigidly: the tracked ROI is
        // cut differently from frame 0's detector ROI (and keeps settling in size and angle), and
        // the network's answer depends on the crop. MediaPipe 0.10.14 itself deviates by a median
        // of 2.5-6.1 px per point from the pure shift on this very video (mediapipe_reference.py),
        // so per point the median is held to 8 px, about 3 % of the 250 px figure.
        let first = results[0].landmarks
        for (i, r) in results.enumerated().dropFirst() {
            let expected = Point2(Double(Self.step.dx * i), Double(Self.step.dy * i))
            var ex: [Double] = [], ey: [Double] = [], dist: [Double] = []
            for (a, b) in zip(first, r.landmarks) where a.visibility > 0.5 && b.visibility > 0.5 {
                let error = (b.point - a.point) - expected
                ex.append(error.x)
                ey.append(error.y)
                dist.append(error.length)
            }
            try #require(dist.count >= 20)
            func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
            #expect(abs(median(ex)) <= 2.5 && abs(median(ey)) <= 2.5,
                    "frame \(i): the body moved \(median(ex)), \(median(ey)) px off the shift")
            #expect(median(dist) <= 8, "frame \(i): median point deviation \(median(dist)) px")
        }
    }

    @Test func resetForgetsTheTrack() throws {
        let image = try ImageFile.read(BlazePoseFixtures.photo("messi5.jpg"))
        let estimator = try BlazePoseEstimator(models: BlazePoseFixtures.models, options: .init(threads: 2),
                                               verifyChecksums: false)
        #expect(try estimator.process(image, time: 0).detected)
        #expect(try !estimator.process(image, time: 0.04).detected)
        estimator.reset()
        #expect(try estimator.process(image, time: 0.08).detected)
    }

    @Test func lostPersonIsFoundAgainInTheSameFrame() throws {
        let photo = try ImageFile.read(BlazePoseFixtures.photo("messi5.jpg"))
        let estimator = try BlazePoseEstimator(models: BlazePoseFixtures.models, options: .init(threads: 2),
                                               verifyChecksums: false)
        let left = BlazePoseFixtures.placed(photo, dx: 0, dy: 20, width: 1100, height: 400)
        let right = BlazePoseFixtures.placed(photo, dx: 550, dy: 20, width: 1100, height: 400)
        let a = try estimator.process(left, time: 0)
        // The person jumps 550 px: the tracked ROI is empty, the detector runs again at once.
        let b = try estimator.process(right, time: 0.04)
        try #require(a.found && b.found)
        #expect(b.detected)
        let nose = BodyLandmark.nose.rawValue
        #expect(abs(b.landmarks[nose].x - a.landmarks[nose].x - 550) < 3)
    }
}

/// Shared fixtures for the BlazePose tests: the installed models and the opencv-doc photos.
enum BlazePoseFixtures {
    /// The models in the default folder (HINGECHECK_MODELS_DIR etc.).
    static let models = ModelStore()

    /// True when both model files are present with the right size (checksums are checked by
    /// the tests that need them: hashing 24 MB per test would slow the suite down).
    static var modelsInstalled: Bool {
        models.status(checksums: false).files.allSatisfy { $0.state == .unverified }
    }

    static let skipMessage: Comment = "BlazePose models not installed in the default models folder: run `hingecheck models install` (tests skipped)"

    /// Photos from the Debian package opencv-doc.
    static let dataFolder = "/usr/share/doc/opencv-doc/examples/data"
    static func photo(_ name: String) -> String { "\(dataFolder)/\(name)" }
    static var photosInstalled: Bool {
        ["messi5.jpg", "basketball1.png", "fruits.jpg", "HappyFish.jpg"].allSatisfy {
            FileManager.default.fileExists(atPath: photo($0))
        }
    }
    static let photoSkipMessage: Comment = "opencv-doc photos missing: apt-get install opencv-doc (tests skipped)"

    /// An estimator for unrelated still images (no tracking), without re-hashing the models.
    static func stillEstimator(mask: Bool = false) throws -> BlazePoseEstimator {
        try BlazePoseEstimator(models: models, options: .init(threads: 2, tracking: false, computeMask: mask),
                               verifyChecksums: false)
    }

    /// `image` pasted into a larger canvas at (dx, dy) over a flat green-grey background.
    static func placed(_ image: BGRImage, dx: Int, dy: Int, width: Int, height: Int) -> BGRImage {
        var canvas = BGRImage(width: width, height: height, fill: Color(r: 90, g: 110, b: 90))
        for y in 0..<image.height {
            let ty = y + dy
            guard ty >= 0, ty < height else { continue }
            for x in 0..<image.width {
                let tx = x + dx
                guard tx >= 0, tx < width else { continue }
                let s = (y * image.width + x) * 3, d = (ty * width + tx) * 3
                canvas.pixels[d] = image.pixels[s]
                canvas.pixels[d + 1] = image.pixels[s + 1]
                canvas.pixels[d + 2] = image.pixels[s + 2]
            }
        }
        return canvas
    }
}

/// A hand-checked joint position and the tolerance it is held to.
struct ExpectedPoint: Sendable, CustomStringConvertible {
    var landmark: BodyLandmark
    var x: Double
    var y: Double
    var tolerance: Double
    var description: String { "\(landmark.name) near (\(Int(x)), \(Int(y))) ± \(Int(tolerance)) px" }
}
