import Foundation
import PoseCore

/// The `spine-keypoints` landmark source: spine points from a spine-keypoint model
/// (SpinePose-style L5, L3, T12/L1, T8, T3) or hand digitising, optionally with body points.
/// Layouts (docs/formats.md):
///
/// - CSV, one row per point: `frame,site,x,y,confidence` (optional `time` column). `site` is a
///   spine site (`C7`, `T3`, `T8`, `T12`, `T12/L1`, `L1`, `L3`, `L5`, `S1`) or a body point
///   (`left_hip`, `LShoulder`, ...).
/// - JSON: `{"format":"hingecheck-spine-keypoints","version":1,"fps":30,"width":1920,"height":1080,
///   "frames":[{"frame":0,"time":0.0,"keypoints":{"L5":[x,y,c],"L3":[x,y,c],"left_hip":[x,y,c]}}]}`
///   (`time`, `fps`, `width`, `height` optional).
///
/// Image pixels, y down. The lumbar angle needs T12 (or L1), L3 and S1 (or L5); rep detection
/// and trunk inclination need shoulders and hips as body points.
public struct SpineKeypointsSource: LandmarkSourcePlugin {
    public static let jsonFormat = "hingecheck-spine-keypoints"

    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "spine-keypoints", kind: .landmarkSource,
            summary: "Imports spine keypoints (L5, L3, T12/L1, T8, T3; optional body points) from CSV or JSON.",
            parameters: [ImportParameters.fps, ImportParameters.width, ImportParameters.height, ImportParameters.mirror],
            emits: ["pose-frames"])
    }

    public func canOpen(_ input: SourceInput) -> Bool {
        guard case .file(let url) = input else { return false }
        let ext = url.pathExtension.lowercased()
        guard ext == "csv" || ext == "json", let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        if ext == "json" { return head.contains(Self.jsonFormat) }
        let first = (head.split(whereSeparator: \.isNewline).first.map(String.init) ?? "").lowercased()
        let cells = first.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return cells.contains("site") && cells.contains("frame")
    }

    public func open(_ input: SourceInput, settings: PluginSettings) throws -> any LandmarkStream {
        guard case .file(let url) = input else {
            throw HingeCheckError(.badInput, "the spine-keypoints source reads files only", path: input.description)
        }
        let text = try ImportFile.text(url, what: "a spine keypoint CSV or JSON file")
        let (header, frames) = url.pathExtension.lowercased() == "json"
            ? try Self.fromJSON(Data(text.utf8), path: url.path, name: url.lastPathComponent, settings: settings)
            : try Self.fromCSV(text, path: url.path, name: url.lastPathComponent, settings: settings)
        return importedStream(header, frames)
    }

    struct Point { var x: Double, y: Double, c: Double }
    struct RawFrame { var position: String, index: Int, time: Double?, points: [String: Point] }

    /// Parses the CSV layout.
    public static func fromCSV(_ text: String, path: String, name: String, settings: PluginSettings) throws -> (LandmarkFileHeader, [PoseFrame]) {
        let csv = try CSVRows(text, path: path)
        guard let head = csv.rows.first else { throw HingeCheckError(.badInput, "file is empty", path: path) }
        let columns = head.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let fc = columns.firstIndex(of: "frame"), let sc = columns.firstIndex(of: "site"),
              let xc = columns.firstIndex(of: "x"), let yc = columns.firstIndex(of: "y") else {
            throw HingeCheckError(.badInput, "line 1: expected the columns frame,site,x,y,confidence (time optional)", path: path)
        }
        let cc = columns.firstIndex(of: "confidence"), tc = columns.firstIndex(of: "time")
        var byFrame: [Int: RawFrame] = [:]
        for row in csv.rows.dropFirst() {
            let line = row.line
            guard row.cells.count <= columns.count else {
                throw HingeCheckError(.badInput, "line \(line): \(row.cells.count) cells but the header has \(columns.count)", path: path)
            }
            func cell(_ k: Int?) -> String { k.flatMap { $0 < row.cells.count ? row.cells[$0] : nil } ?? "" }
            guard let index = ParseNumber.index(cell(fc)) else {
                throw HingeCheckError(.badInput, "line \(line): frame \"\(cell(fc).prefix(20))\" is not a whole number ≥ 0", path: path)
            }
            let site = cell(sc).trimmingCharacters(in: .whitespaces)
            guard let x = ParseNumber.double(cell(xc)), let y = ParseNumber.double(cell(yc)) else {
                throw HingeCheckError(.badInput, "line \(line): x and y must be numbers", path: path)
            }
            var c = 1.0
            if cc != nil, !cell(cc).trimmingCharacters(in: .whitespaces).isEmpty {
                guard let v = ParseNumber.double(cell(cc)) else {
                    throw HingeCheckError(.badInput, "line \(line): confidence \"\(cell(cc).prefix(20))\" is not a number", path: path)
                }
                c = min(1, max(0, v))
            }
            var time: Double?
            if tc != nil, !cell(tc).trimmingCharacters(in: .whitespaces).isEmpty {
                guard let v = ParseNumber.double(cell(tc)) else {
                    throw HingeCheckError(.badInput, "line \(line): time \"\(cell(tc).prefix(20))\" is not a number", path: path)
                }
                time = v
            }
            var frame = byFrame[index] ?? RawFrame(position: "line \(line)", index: index, time: time, points: [:])
            frame.time = frame.time ?? time
            let key = try siteKey(site, position: "line \(line)", path: path)
            guard frame.points[key] == nil else {
                throw HingeCheckError(.badInput, "line \(line): frame \(index) lists \(site) twice", path: path)
            }
            frame.points[key] = Point(x: x, y: y, c: c)
            byFrame[index] = frame
        }
        return try assemble(byFrame.values.sorted { $0.index < $1.index }, declaredFPS: nil, width: nil, height: nil,
                            path: path, name: name, settings: settings)
    }

    /// Parses the JSON layout.
    public static func fromJSON(_ data: Data, path: String, name: String, settings: PluginSettings) throws -> (LandmarkFileHeader, [PoseFrame]) {
        let object: Any
        do { object = try JSONSerialization.jsonObject(with: data) } catch {
            throw HingeCheckError(.badInput, "not valid JSON", path: path, hint: "expected {\"format\":\"\(jsonFormat)\",\"frames\":[...]}")
        }
        guard let root = object as? [String: Any], root["format"] as? String == jsonFormat else {
            throw HingeCheckError(.badInput, "not a spine keypoint file: \"format\" is not \"\(jsonFormat)\"", path: path)
        }
        if let version = root["version"] {
            guard JSONValue.number(version) == 1 else {
                throw HingeCheckError(.versionMismatch, "spine keypoint file version \(version); this build reads version 1", path: path)
            }
        }
        func number(_ any: Any?, _ what: String) throws -> Double? {
            guard let any else { return nil }
            guard let n = JSONValue.number(any) else {
                throw HingeCheckError(.badInput, "\(what) is not a finite number", path: path)
            }
            return n
        }
        guard let list = root["frames"] as? [Any] else {
            throw HingeCheckError(.badInput, "no \"frames\" array", path: path)
        }
        var raw: [RawFrame] = []
        var seen = Set<Int>()
        for (n, entry) in list.enumerated() {
            let position = "frames[\(n)]"
            guard let f = entry as? [String: Any] else { throw HingeCheckError(.badInput, "\(position) is not an object", path: path) }
            let indexValue = try number(f["frame"], "\(position).frame") ?? Double(n)
            guard indexValue == indexValue.rounded(), indexValue >= 0, indexValue <= 1e8 else {
                throw HingeCheckError(.badInput, "\(position).frame is not a whole number ≥ 0", path: path)
            }
            let index = Int(clampingRounded: indexValue)
            guard seen.insert(index).inserted else { throw HingeCheckError(.badInput, "\(position): frame \(index) appears twice", path: path) }
            let time = try number(f["time"], "\(position).time")
            guard let keypoints = (f["keypoints"] ?? [String: Any]()) as? [String: Any] else {
                throw HingeCheckError(.badInput, "\(position).keypoints is not an object of name: [x, y, c]", path: path)
            }
            var points: [String: Point] = [:]
            for (site, value) in keypoints.sorted(by: { $0.key < $1.key }) {
                guard let triple = value as? [Any], triple.count == 2 || triple.count == 3 else {
                    throw HingeCheckError(.badInput, "\(position).keypoints.\(site.prefix(30)) is not [x, y, confidence]", path: path)
                }
                let xyz = try triple.enumerated().map { try number($1, "\(position).keypoints.\(site.prefix(30))[\($0)]")! }
                let key = try siteKey(site, position: position, path: path)
                guard points[key] == nil else { throw HingeCheckError(.badInput, "\(position): \(site) given twice", path: path) }
                points[key] = Point(x: xyz[0], y: xyz[1], c: xyz.count == 3 ? min(1, max(0, xyz[2])) : 1)
            }
            raw.append(RawFrame(position: position, index: index, time: time, points: points))
        }
        let fps = try number(root["fps"], "fps")
        let width = try number(root["width"], "width"), height = try number(root["height"], "height")
        return try assemble(raw.sorted { $0.index < $1.index }, declaredFPS: fps, width: width, height: height,
                            path: path, name: name, settings: settings)
    }

    /// A canonical key: the spine site's raw value, or "body:<mediapipe name>".
    static func siteKey(_ site: String, position: String, path: String) throws -> String {
        if let s = BodyPointNames.spine(site) { return s.rawValue }
        if let b = BodyPointNames.body(site) { return "body:" + b.name }
        throw HingeCheckError(.badInput, "\(position): \"\(site.prefix(30))\" is neither a spine site nor a body point", path: path,
                              hint: "spine sites: C7, T3, T8, T12 (or T12/L1), L1, L3, L5, S1; body points: MediaPipe names such as left_hip")
    }

    static func assemble(_ raw: [RawFrame], declaredFPS: Double?, width: Double?, height: Double?, path: String, name: String,
                         settings: PluginSettings) throws -> (LandmarkFileHeader, [PoseFrame]) {
        guard !raw.isEmpty else { throw HingeCheckError(.badInput, "no frames", path: path) }
        var fps = try ImportTiming.fps(settings)
        if let declaredFPS {
            guard declaredFPS > 0, declaredFPS <= 10_000 else { throw HingeCheckError(.badInput, "fps \(declaredFPS) must be above 0", path: path) }
            fps = declaredFPS
        }
        func size(_ v: Double?, _ param: String) throws -> Int {
            guard let v else { return try ImportTiming.size(settings, param) }
            guard v >= 0, v <= 100_000 else { throw HingeCheckError(.badInput, "\(param) \(v) is out of range", path: path) }
            return Int(clampingRounded: v, .towardZero)
        }
        let assembler = LandmarkAssembler(mirrorMissingSides: try settings.number("mirror-missing-sides") != 0)
        var anyBody = false
        var frames: [PoseFrame] = []
        for r in raw {
            var body: [BodyLandmark: Landmark] = [:]
            var spine: [SpinePoint] = []
            for (key, p) in r.points {
                if key.hasPrefix("body:"), let b = BodyLandmark(name: String(key.dropFirst(5))) {
                    body[b] = Landmark(x: p.x, y: p.y, visibility: p.c, presence: 1)
                } else if let s = SpineSite(rawValue: key) {
                    spine.append(SpinePoint(site: s, x: p.x, y: p.y, confidence: p.c))
                }
            }
            spine.sort { $0.site < $1.site }
            anyBody = anyBody || !body.isEmpty
            frames.append(PoseFrame(index: r.index, time: r.time ?? Double(r.index) / fps, landmarks: assembler.landmarks(body), spine: spine))
        }
        try ImportTiming.checkOrder(frames, path: path) { raw[$0].position }
        let header = LandmarkFileHeader(source: "spine-keypoints", skeleton: anyBody ? .blazePose33 : .spineOnly,
                                        width: try size(width, "width"), height: try size(height, "height"), fps: fps, input: name)
        return (header, frames)
    }
}
