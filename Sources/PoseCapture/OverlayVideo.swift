import Foundation
import PoseCore

/// One pass over the original video for a report: the rep pictures and, optionally,
/// `annotated.mp4` (every frame with `HingeOverlay` drawn).
public enum OverlayVideo {
    /// What to make.
    public struct Request {
        public var videoPath: String
        /// The analysed frames (landmark-file pixels), matched to video frames by index; read in
        /// step with the video when their indices ascend (the usual case), so spooled frames are
        /// never all in memory.
        public var frames: PoseFrames
        public var header: LandmarkFileHeader
        public var overlay: HingeOverlay
        /// Rep index → pose-frame index of the picture to take.
        public var pictureFrames: [Int: Int]
        /// Where to write the annotated video (an .mp4 path), or nil for none.
        public var annotatedPath: String?

        public init(videoPath: String, frames: [PoseFrame], header: LandmarkFileHeader, overlay: HingeOverlay,
                    pictureFrames: [Int: Int], annotatedPath: String?) {
            self.init(videoPath: videoPath, frames: PoseFrames(frames), header: header, overlay: overlay,
                      pictureFrames: pictureFrames, annotatedPath: annotatedPath)
        }

        public init(videoPath: String, frames: PoseFrames, header: LandmarkFileHeader, overlay: HingeOverlay,
                    pictureFrames: [Int: Int], annotatedPath: String?) {
            self.videoPath = videoPath
            self.frames = frames
            self.header = header
            self.overlay = overlay
            self.pictureFrames = pictureFrames
            self.annotatedPath = annotatedPath
        }
    }

    /// What came out.
    public struct Output {
        /// Rep index → (frame index, time, picture).
        public var pictures: [Int: (frameIndex: Int, time: Double, picture: ThumbnailMaker.Picture)] = [:]
        /// Video frames read.
        public var videoFrames = 0
        /// Things a person should know (size or length mismatches).
        public var notes: [String] = []
    }

    /// The pose frame closest in time to each rep's worst moment (its bottom when unknown), in
    /// one pass over frames that may be spooled on disk; the first closest frame wins.
    /// - Throws: `.io` when spooled frames cannot be read.
    public static func pictureFrames(result: AnalysisResult, frames: PoseFrames) throws -> [Int: Int] {
        let targets = result.reps.map { (rep: $0.index, t: $0.worstMomentS ?? $0.bottomS) }
        var best: [(index: Int, distance: Double)?] = Array(repeating: nil, count: targets.count)
        try frames.forEach { f in
            for (k, target) in targets.enumerated() {
                let d = abs(f.time - target.t)
                if let b = best[k], !(d < b.distance) { continue }
                best[k] = (f.index, d)
            }
        }
        var out: [Int: Int] = [:]
        for (k, target) in targets.enumerated() { if let b = best[k] { out[target.rep] = b.index } }
        return out
    }

    /// Reads the video once.
    /// - Throws: `HingeCheckError` naming the video (cannot open or decode) or the output file.
    public static func render(_ request: Request, onFrame: (Int) -> Void = { _ in }) throws -> Output {
        let source = try VideoFileSource(path: request.videoPath)
        let facts = source.facts
        var output = Output()
        let hw = request.header.width, hh = request.header.height
        let scale = hw > 0 && hh > 0 ? Point2(Double(facts.width) / Double(hw), Double(facts.height) / Double(hh)) : Point2(1, 1)
        if hw > 0 && hh > 0 && (hw != facts.width || hh != facts.height) {
            output.notes.append("the video is \(facts.width)×\(facts.height) but the landmarks are for \(hw)×\(hh): landmarks were scaled to fit")
        }
        // The pose frame of each video frame: walked in step with the video when the indices
        // ascend; otherwise looked up by position (the first frame of an index wins).
        var cursor = try request.frames.makeReader()
        var next = try cursor.next()
        var positions: [Int: Int]?
        if !request.frames.indicesAscending {
            var map: [Int: Int] = [:], k = 0
            try request.frames.forEach { f in
                if map[f.index] == nil { map[f.index] = k }
                k += 1
            }
            positions = map
        }
        func poseFrame(_ index: Int) throws -> PoseFrame? {
            if let positions { return try positions[index].map { try request.frames.frame(at: $0) } }
            while let f = next, f.index < index { next = try cursor.next() }
            return next?.index == index ? next : nil
        }
        var wanted: [Int: [Int]] = [:]
        for (rep, frame) in request.pictureFrames { wanted[frame, default: []].append(rep) }
        let fps = facts.fps > 0 ? facts.fps : (request.header.fps > 0 ? request.header.fps : 30)
        let writer = try request.annotatedPath.map { try VideoWriter(path: $0, width: facts.width, height: facts.height, fps: fps) }
        let overlay = request.overlay
        var failure: (any Error)?
        while true {
            let more: Bool? = try source.read { view -> Bool in
                let pose: PoseFrame?
                do { pose = try poseFrame(view.index) } catch { failure = error; return false }
                let reps = wanted[view.index]
                guard writer != nil || reps != nil else { return true }
                let image = view.copy()
                if let reps, let pose {
                    do {
                        let picture = try ThumbnailMaker.picture(from: image, frame: pose, overlay: overlay, scale: scale)
                        for rep in reps { output.pictures[rep] = (view.index, pose.time, picture) }
                    } catch { failure = error; return false }
                }
                if let writer {
                    var annotated = image
                    overlay.draw(on: &annotated, frame: pose, time: pose?.time ?? view.time, scale: scale)
                    do { try writer.write(annotated) } catch { failure = error; return false }
                }
                return true
            }
            guard let more else { break }
            if let failure { throw failure }
            output.videoFrames += 1
            onFrame(output.videoFrames)
            if !more { break }
        }
        try writer?.close()
        if let maxIndex = request.frames.maxIndex, output.videoFrames <= maxIndex {
            output.notes.append("the video has \(output.videoFrames) frames but the landmarks go to frame \(maxIndex): is it the same video?")
        }
        let missing = Set(request.pictureFrames.keys).subtracting(output.pictures.keys)
        if !missing.isEmpty {
            output.notes.append("no picture for rep \(missing.sorted().map(String.init).joined(separator: ", ")): the video ends before those frames")
        }
        return output
    }
}
