internal import CPoseShim
import Foundation
import PoseCore

/// MediaPipe's BlazePose (full) through OpenCV DNN: person detection, rotated ROI, 33 landmarks,
/// world landmarks, optional segmentation mask, and ROI tracking between video frames
/// (Shims/models/README.md, Benchmarks/peers/README.md). Owns the shim's `hc_pose` handle and frees it on `deinit`.
///
/// Belongs to one task at a time (not `Sendable`): it keeps the tracking state of one stream.
/// Results are deterministic for the same frames, options and thread count.
public final class BlazePoseEstimator {
    /// Pipeline settings. Defaults are MediaPipe Pose's.
    public struct Options: Sendable, Hashable {
        /// OpenCV worker threads (process-wide `cv::setNumThreads`); 0 leaves OpenCV's setting.
        public var threads: Int
        /// Detector score (0...1) to accept a person. MediaPipe `min_detection_confidence` 0.5.
        public var minDetectionScore: Double
        /// Pose presence (0...1) to accept landmarks and keep tracking. MediaPipe
        /// `min_tracking_confidence` 0.5.
        public var minPresence: Double
        /// Overlap (IoU) above which detections merge in weighted NMS. pose_detection_cpu.pbtxt: 0.3.
        public var nmsIoU: Double
        /// Track the ROI from frame to frame (video); false detects on every frame (unrelated images).
        public var tracking: Bool
        /// When the tracked person is lost, run the detector again in the same frame.
        public var redetectOnLoss: Bool
        /// Compute the full-frame segmentation mask.
        public var computeMask: Bool
        /// Image pixels per mask pixel (>= 1).
        public var maskScale: Int

        public init(threads: Int = 0, minDetectionScore: Double = 0.5, minPresence: Double = 0.5, nmsIoU: Double = 0.3,
                    tracking: Bool = true, redetectOnLoss: Bool = true, computeMask: Bool = false, maskScale: Int = 1) {
            self.threads = threads
            self.minDetectionScore = minDetectionScore
            self.minPresence = minPresence
            self.nmsIoU = nmsIoU
            self.tracking = tracking
            self.redetectOnLoss = redetectOnLoss
            self.computeMask = computeMask
            self.maskScale = maskScale
        }

        var shim: hc_pose_options {
            var o = hc_pose_options()
            hc_pose_default_options(&o)
            o.threads = Int32(clamping: threads)
            o.min_detection_score = Float(minDetectionScore)
            o.min_presence = Float(minPresence)
            o.nms_iou = Float(nmsIoU)
            o.tracking = tracking ? 1 : 0
            o.redetect_on_loss = redetectOnLoss ? 1 : 0
            o.want_mask = computeMask ? 1 : 0
            o.mask_scale = Int32(clamping: maskScale)
            return o
        }
    }

    private let raw: OpaquePointer
    /// The settings in force.
    public private(set) var options: Options

    /// Loads the models from a `ModelStore` after checking their size and SHA-256.
    /// - Parameters:
    ///   - models: where the ONNX files are (the default folder rules when omitted).
    ///   - verifyChecksums: hash the files first (about 37 MB read) so a damaged file is
    ///     reported as such, not as an obscure load error.
    /// - Throws: `HingeCheckError` `.model` naming the missing or damaged file, with the install
    ///   command as the fix; `.invalidArgument` for options out of range.
    public convenience init(models: ModelStore = ModelStore(), options: Options = Options(),
                            verifyChecksums: Bool = true) throws {
        if verifyChecksums { try models.verify() }
        try self.init(detectorPath: models.url(of: ModelStore.detector).path,
                      landmarkPath: models.url(of: ModelStore.landmark).path,
                      masklessLandmarkPath: models.url(of: ModelStore.landmarkMaskless).path, options: options)
    }

    /// Loads the ONNX files without checksum verification (tests, experiments).
    /// - Parameter masklessLandmarkPath: the landmark network without its segmentation head, run
    ///   instead of the whole one while `computeMask` is off (same landmarks, about a third less
    ///   work per frame); nil runs the whole network always.
    /// - Throws: `HingeCheckError` `.model` naming the file that is missing, corrupt or not the
    ///   expected network; `.invalidArgument` for options out of range.
    public init(detectorPath: String, landmarkPath: String, masklessLandmarkPath: String? = nil,
                options: Options = Options()) throws {
        var handle: OpaquePointer?
        var error = hc_error()
        let status = hc_pose_new(detectorPath, landmarkPath, masklessLandmarkPath, &handle, &error)
        if status != HC_OK || handle == nil {
            let text = message(of: error)
            try check(status == HC_OK ? HC_ERR_INTERNAL : status,
                      path: Self.modelNamed(by: text, detector: detectorPath, landmark: landmarkPath,
                                            maskless: masklessLandmarkPath),
                      detail: text, hint: ModelStore.installHint)
        }
        raw = handle!
        self.options = options
        try applyOptions(options)
    }

    deinit { hc_pose_free(raw) }

    /// The file a load error is about: the shim's message starts with the network's role.
    static func modelNamed(by message: String, detector: String, landmark: String, maskless: String?) -> String {
        if message.hasPrefix("landmark (without mask head)"), let maskless { return maskless }
        return message.hasPrefix("landmark") ? landmark : detector
    }

    private var errorText: String { String(cString: hc_pose_error(raw)) }

    private func applyOptions(_ options: Options) throws {
        var o = options.shim
        try check(hc_pose_set_options(raw, &o), path: nil, detail: errorText)
    }

    /// Changes the settings; also forgets the tracked person.
    /// - Throws: `.invalidArgument` for values out of range (the settings stay as they were).
    public func setOptions(_ options: Options) throws {
        try applyOptions(options)
        self.options = options
    }

    /// Switches the mask on or off from the next frame on without forgetting the tracked person
    /// (for `MaskGate`); only meaningful when `options.computeMask` is on.
    public func setMaskWanted(_ want: Bool) {
        _ = hc_pose_set_mask_wanted(raw, want ? 1 : 0)
    }

    /// Sets OpenCV's worker threads (process-wide) from the next frame on, keeping the track
    /// (for `ThreadTuner`); results do not depend on the count.
    public func setThreads(_ threads: Int) {
        _ = hc_pose_set_threads(raw, Int32(clamping: max(1, threads)))
    }

    /// Where the last frame's time went (detector, landmark pass, mask), from the shim.
    public private(set) var lastTiming = BlazePoseTiming()

    /// Forgets the tracked ROI and smoothing state (e.g. at a scene cut or a new video).
    public func reset() { _ = hc_pose_reset(raw) }

    /// Runs the pipeline on one lent frame; `frame.time` drives the ROI smoothing.
    /// Complexity: one landmark-model pass when tracking holds (about 11 ms on 2 cores without the
    /// mask, 17 ms with it), plus a detector pass when it (re)detects.
    /// - Throws: `HingeCheckError` when the shim fails (a bug, not a frame without a person).
    public func process(_ frame: borrowing FrameView) throws -> BlazePoseResult {
        try process(pixels: frame.pixels, width: frame.width, height: frame.height, stride: frame.stride, time: frame.time)
    }

    /// Runs the pipeline on an owned image taken at `time` seconds.
    public func process(_ image: BGRImage, time: Double) throws -> BlazePoseResult {
        try image.pixels.withUnsafeBytes {
            try process(pixels: $0, width: image.width, height: image.height, stride: image.stride, time: time)
        }
    }

    private func process(pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int, time: Double) throws -> BlazePoseResult {
        guard let base = pixels.baseAddress, pixels.count >= stride * height else {
            throw HingeCheckError(.invalidArgument, "frame buffer smaller than its size says")
        }
        var r = hc_pose_result()
        let status = hc_pose_process(raw, base.assumingMemoryBound(to: UInt8.self), Int32(width), Int32(height),
                                     Int32(stride), time, &r)
        try check(status, path: nil, detail: errorText)
        lastTiming = BlazePoseTiming(detectorMs: Double(r.detector_ms), landmarkMs: Double(r.landmark_ms),
                                     maskMs: Double(r.mask_ms), maskNetwork: r.mask_network != 0)
        return Self.convert(r)
    }

    private static func convert(_ r: hc_pose_result) -> BlazePoseResult {
        var result = BlazePoseResult(found: r.found != 0, detected: r.detected != 0, detections: Int(r.detections),
                                     detectionScore: Double(r.detection_score), presence: Double(r.presence))
        guard r.found != 0 else { return result }
        result.roi = BlazePoseROI(center: Point2(Double(r.roi.center_x), Double(r.roi.center_y)),
                                  size: Double(r.roi.size), rotationRad: Double(r.roi.rotation_rad))
        withUnsafeBytes(of: r.landmarks) { bytes in
            let points = bytes.bindMemory(to: hc_pose_landmark.self)
            result.landmarks = points.map {
                Landmark(x: Double($0.x), y: Double($0.y), z: Double($0.z), visibility: Double($0.visibility),
                         presence: Double($0.presence))
            }
        }
        withUnsafeBytes(of: r.world) { bytes in
            result.world = bytes.bindMemory(to: hc_pose_world_landmark.self).map {
                WorldLandmark(x: Double($0.x), y: Double($0.y), z: Double($0.z))
            }
        }
        if let mask = r.mask, r.mask_width > 0, r.mask_height > 0 {
            let count = Int(r.mask_width) * Int(r.mask_height)
            result.mask = SegmentationMask(width: Int(r.mask_width), height: Int(r.mask_height),
                                           scale: Double(r.mask_scale),
                                           values: Array(UnsafeBufferPointer(start: mask, count: count)))
        }
        return result
    }
}
