import Foundation
import PoseCore

/// The `openpose` landmark source: a folder of OpenPose per-frame JSON files
/// (`*_keypoints.json`, BODY_25 or COCO-18, pixels), or one such file.
///
/// Frames are ordered by the 12-digit frame number in the file names (file name order when
/// there is none); time = frame / `fps`. With several people in a frame the most confident one
/// is kept. Points OpenPose lacks (eye corners, mouth, fingers) are missing; a missing far-side
/// point follows `mirror-missing-sides`.
public struct OpenPoseLandmarkSource: LandmarkSourcePlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "openpose", kind: .landmarkSource,
            summary: "Imports OpenPose JSON keypoints (a folder of *_keypoints.json, BODY_25 or COCO-18).",
            parameters: [
                PluginParameter("model", default: "auto", summary: "auto (from the keypoint count), body25 or coco18.",
                                source: "25 keypoints = BODY_25, 18 = COCO"),
                ImportParameters.fps, ImportParameters.width, ImportParameters.height, ImportParameters.mirror,
            ],
            emits: ["pose-frames"])
    }

    public func canOpen(_ input: SourceInput) -> Bool {
        switch input {
        case .file(let url): return url.lastPathComponent.lowercased().hasSuffix("_keypoints.json")
        case .folder(let url): return !Self.frameFiles(in: url).isEmpty
        case .camera: return false
        }
    }

    /// The frame files of a folder, sorted by frame number.
    static func frameFiles(in folder: URL) -> [(number: Int?, url: URL)] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        let files = names.filter { $0.lowercased().hasSuffix("_keypoints.json") && !$0.hasPrefix(".") }
        return files.map { name -> (Int?, URL) in
            let stem = name.dropLast("_keypoints.json".count)
            let digits = stem.reversed().prefix { $0.isASCII && $0.isNumber }
            return (digits.isEmpty ? nil : ParseNumber.index(String(digits.reversed())), folder.appendingPathComponent(name))
        }
        .sorted { a, b in
            switch (a.0, b.0) {
            case let (x?, y?) where x != y: return x < y
            default: return a.1.lastPathComponent < b.1.lastPathComponent
            }
        }
    }

    public func open(_ input: SourceInput, settings: PluginSettings) throws -> any LandmarkStream {
        let files: [(number: Int?, url: URL)]
        let name: String
        switch input {
        case .file(let url):
            guard FileManager.default.fileExists(atPath: url.path) else { throw HingeCheckError(.notFound, "no such file", path: url.path) }
            files = [(nil, url)]
            name = url.lastPathComponent
        case .folder(let url):
            files = Self.frameFiles(in: url)
            name = url.lastPathComponent
            guard !files.isEmpty else {
                throw HingeCheckError(.badInput, "no *_keypoints.json files in the folder", path: url.path,
                                      hint: "point at the folder OpenPose wrote with --write_json")
            }
        case .camera:
            throw HingeCheckError(.badInput, "the openpose source reads JSON files only", path: input.description)
        }
        let (header, frames) = try Self.frames(files, name: name, settings: settings)
        return importedStream(header, frames)
    }

    static func frames(_ files: [(number: Int?, url: URL)], name: String, settings: PluginSettings) throws -> (LandmarkFileHeader, [PoseFrame]) {
        let fps = try ImportTiming.fps(settings)
        let modelText = settings.text("model")?.lowercased() ?? "auto"
        let forced: OpenPoseModel?
        switch modelText {
        case "auto": forced = nil
        case "body25", "body_25": forced = .body25
        case "coco18", "coco", "coco_18": forced = .coco18
        default: throw HingeCheckError(.invalidArgument, "openpose.model = \"\(modelText)\": use auto, body25 or coco18")
        }
        let assembler = LandmarkAssembler(mirrorMissingSides: try settings.number("mirror-missing-sides") != 0)
        let numbered = files.allSatisfy { $0.number != nil } && Set(files.compactMap(\.number)).count == files.count
        var frames: [PoseFrame] = []
        frames.reserveCapacity(files.count)
        for (k, file) in files.enumerated() {
            let data: Data
            do { data = try Data(contentsOf: file.url) } catch {
                throw HingeCheckError(.io, "cannot read: \(error.localizedDescription)", path: file.url.path)
            }
            let index = numbered ? file.number! : k
            let person = try OpenPoseJSON.parse(data, path: file.url.path, model: forced)
            let landmarks = person.map { OpenPoseJSON.landmarks($0, assembler: assembler) } ?? []
            frames.append(PoseFrame(index: index, time: Double(index) / fps, landmarks: landmarks,
                                    personScore: landmarks.isEmpty ? 0 : nil))
        }
        let header = LandmarkFileHeader(source: "openpose", skeleton: .blazePose33,
                                        width: try ImportTiming.size(settings, "width"), height: try ImportTiming.size(settings, "height"),
                                        fps: fps, input: name)
        return (header, frames)
    }
}
