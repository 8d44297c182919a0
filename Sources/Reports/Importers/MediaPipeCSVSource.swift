import Foundation
import PoseCore

/// The `mediapipe-csv` landmark source: MediaPipe's 33 pose landmarks in CSV, in either layout
/// FreeMoCap and most MediaPipe scripts write:
///
/// - wide: one row per frame, columns `{name}_x`, `{name}_y`, `{name}_z` (optional
///   `{name}_visibility`, `{name}_presence`) for MediaPipe names such as `left_hip`, optional
///   `frame` and `time` columns;
/// - long: one row per landmark, columns `frame,keypoint,x,y,z` (optional `visibility`,
///   `presence`, `time`), `keypoint` a MediaPipe name or index 0–32.
///
/// Coordinates are image pixels, or MediaPipe's normalised [0, 1] image coordinates (detected,
/// or `coordinates=normalized`), which need the `width` and `height` parameters. An empty or
/// `NaN` cell is a missing point. Without a `time` column, time = frame / `fps`.
public struct MediaPipeCSVSource: LandmarkSourcePlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "mediapipe-csv", kind: .landmarkSource,
            summary: "Imports MediaPipe 33-landmark CSV (FreeMoCap wide {name}_x/_y/_z or long frame,keypoint,x,y,z).",
            parameters: [
                PluginParameter("coordinates", default: "auto", summary: "auto, px (pixels) or normalized ([0, 1] of width and height).",
                                source: "auto: normalised when every x and y lies in [-0.5, 1.5]"),
                PluginParameter("y-axis", default: "down", summary: "down (image rows) or up (world data such as FreeMoCap 3D: flipped).",
                                source: "image convention, docs/method.md \"Coordinate conventions\""),
                ImportParameters.fps, ImportParameters.width, ImportParameters.height, ImportParameters.mirror,
            ],
            emits: ["pose-frames"])
    }

    public func canOpen(_ input: SourceInput) -> Bool {
        guard case .file(let url) = input, url.pathExtension.lowercased() == "csv" else { return false }
        // Cheap sniff: the first line names MediaPipe columns.
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 4096)) ?? Data(), as: UTF8.self).lowercased()
        let first = head.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return first.contains("nose_x") || first.contains("left_hip_x") || (first.contains("keypoint") && first.contains("frame"))
    }

    public func open(_ input: SourceInput, settings: PluginSettings) throws -> any LandmarkStream {
        guard case .file(let url) = input else {
            throw HingeCheckError(.badInput, "the mediapipe-csv source reads files only", path: input.description)
        }
        let text = try ImportFile.text(url, what: "a MediaPipe landmark CSV")
        let (header, frames) = try Self.frames(text, path: url.path, name: url.lastPathComponent, settings: settings)
        return importedStream(header, frames)
    }

    struct RawPoint { var x: Double, y: Double, z: Double, visibility: Double, presence: Double }
    struct RawFrame { var line: Int, index: Int, time: Double?, points: [BodyLandmark: RawPoint] }

    /// Parses the text (either layout) into pose frames.
    public static func frames(_ text: String, path: String, name: String, settings: PluginSettings) throws -> (LandmarkFileHeader, [PoseFrame]) {
        let fps = try ImportTiming.fps(settings)
        let width = try ImportTiming.size(settings, "width"), height = try ImportTiming.size(settings, "height")
        let csv = try CSVRows(text, path: path)
        guard let head = csv.rows.first else { throw HingeCheckError(.badInput, "file is empty", path: path) }
        let columns = head.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let raw: [RawFrame]
        if columns.contains("keypoint") || columns.contains("landmark") {
            raw = try long(csv, columns: columns, path: path)
        } else {
            raw = try wide(csv, columns: columns, path: path)
        }
        guard !raw.isEmpty else {
            throw HingeCheckError(.badInput, "line 2: no data rows after the header", path: path)
        }
        // Coordinates: pixels or normalised.
        let mode = settings.text("coordinates")?.lowercased() ?? "auto"
        let all = raw.flatMap { $0.points.values }
        let looksNormalised = !all.isEmpty && all.allSatisfy { (-0.5...1.5).contains($0.x) && (-0.5...1.5).contains($0.y) }
        let normalised: Bool
        switch mode {
        case "auto": normalised = looksNormalised
        case "px", "pixels": normalised = false
        case "normalized", "normalised": normalised = true
        default: throw HingeCheckError(.invalidArgument, "mediapipe-csv.coordinates = \"\(mode)\": use auto, px or normalized")
        }
        if normalised && (width == 0 || height == 0) {
            throw HingeCheckError(.invalidArgument, "the coordinates are normalised to [0, 1]: the image size is needed", path: path,
                                  hint: "add --set mediapipe-csv.width=W --set mediapipe-csv.height=H (the video's size in pixels)")
        }
        let yText = settings.text("y-axis")?.lowercased() ?? "down"
        guard yText == "down" || yText == "up" else {
            throw HingeCheckError(.invalidArgument, "mediapipe-csv.y-axis = \"\(yText)\": use down or up")
        }
        let yUp = yText == "up"
        let maxY = all.map(\.y).max() ?? 0
        let sx = normalised ? Double(width) : 1, sy = normalised ? Double(height) : 1
        let assembler = LandmarkAssembler(mirrorMissingSides: try settings.number("mirror-missing-sides") != 0)
        var frames: [PoseFrame] = []
        frames.reserveCapacity(raw.count)
        for r in raw {
            var points: [BodyLandmark: Landmark] = [:]
            for (b, p) in r.points {
                let y = yUp ? (maxY - p.y) : p.y
                points[b] = Landmark(x: p.x * sx, y: y * sy, z: p.z * sx, visibility: p.visibility, presence: p.presence)
            }
            frames.append(PoseFrame(index: r.index, time: r.time ?? Double(r.index) / fps, landmarks: assembler.landmarks(points)))
        }
        try ImportTiming.checkOrder(frames, path: path) { "line \(raw[$0].line)" }
        let times = raw.compactMap(\.time)
        let headerFPS = times.count == raw.count ? (ImportTiming.fps(fromTimes: times) ?? fps) : fps
        let header = LandmarkFileHeader(source: "mediapipe-csv", skeleton: .blazePose33, width: width, height: height,
                                        fps: headerFPS, input: name)
        return (header, frames)
    }

    static let frameColumns = ["frame", "frame_index", "frame_number", "frame_idx", "index"]
    static let timeColumns = ["time", "time_s", "timestamp", "timestamp_s", "t"]

    /// A landmark name with FreeMoCap-style prefixes removed.
    static func body(_ column: String) -> BodyLandmark? {
        var name = column
        for prefix in ["body_", "pose_", "mediapipe_"] where name.hasPrefix(prefix) { name.removeFirst(prefix.count) }
        return BodyLandmark(name: name)
    }

    static func probability(_ cell: String?, line: Int, column: String, path: String) throws -> Double {
        guard let cell, !cell.trimmingCharacters(in: .whitespaces).isEmpty else { return 1 }
        guard let v = ParseNumber.double(cell) else {
            throw HingeCheckError(.badInput, "line \(line): \(column) \"\(cell.prefix(20))\" is not a number", path: path)
        }
        return min(1, max(0, v))
    }

    static func wide(_ csv: CSVRows, columns: [String], path: String) throws -> [RawFrame] {
        var axes: [BodyLandmark: [String: Int]] = [:]
        for (k, c) in columns.enumerated() {
            for suffix in ["_x", "_y", "_z", "_visibility", "_presence"] where c.hasSuffix(suffix) {
                if let b = body(String(c.dropLast(suffix.count))) { axes[b, default: [:]][String(suffix.dropFirst())] = k }
            }
        }
        let usable = axes.filter { $0.value["x"] != nil && $0.value["y"] != nil }
        guard !usable.isEmpty else {
            throw HingeCheckError(.badInput, "line 1: no {name}_x, {name}_y columns for MediaPipe landmarks", path: path,
                                  hint: "expected FreeMoCap's wide layout (nose_x, nose_y, nose_z, ...) or the long layout frame,keypoint,x,y,z")
        }
        let frameColumn = frameColumns.lazy.compactMap { columns.firstIndex(of: $0) }.first
        let timeColumn = timeColumns.lazy.compactMap { columns.firstIndex(of: $0) }.first
        var out: [RawFrame] = []
        for (n, row) in csv.rows.dropFirst().enumerated() {
            let line = row.line
            guard row.cells.count <= columns.count else {
                throw HingeCheckError(.badInput, "line \(line): \(row.cells.count) cells but the header has \(columns.count)", path: path)
            }
            func cell(_ k: Int?) -> String? { k.flatMap { $0 < row.cells.count ? row.cells[$0] : nil } }
            var index = n
            if let fc = frameColumn {
                guard let i = cell(fc).flatMap({ ParseNumber.index($0) }) else {
                    throw HingeCheckError(.badInput, "line \(line): frame \"\(cell(fc)?.prefix(20) ?? "")\" is not a whole number ≥ 0", path: path)
                }
                index = i
            }
            var time: Double?
            if let tc = timeColumn, let t = cell(tc), !t.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let v = ParseNumber.double(t) else {
                    throw HingeCheckError(.badInput, "line \(line): time \"\(t.prefix(20))\" is not a number", path: path)
                }
                time = v
            }
            var points: [BodyLandmark: RawPoint] = [:]
            for (b, a) in usable {
                let xs = cell(a["x"]) ?? "", ys = cell(a["y"]) ?? ""
                guard let x = ParseNumber.double(xs), let y = ParseNumber.double(ys) else {
                    for (label, s) in [("x", xs), ("y", ys)] {
                        let t = s.trimmingCharacters(in: .whitespaces).lowercased()
                        if !t.isEmpty, t != "nan", ParseNumber.double(t) == nil {
                            throw HingeCheckError(.badInput, "line \(line): \(b.name)_\(label) \"\(s.prefix(20))\" is not a number", path: path)
                        }
                    }
                    continue
                }
                let z = cell(a["z"]).flatMap(ParseNumber.double) ?? 0
                points[b] = RawPoint(x: x, y: y, z: z,
                                     visibility: try probability(cell(a["visibility"]), line: line, column: "\(b.name)_visibility", path: path),
                                     presence: try probability(cell(a["presence"]), line: line, column: "\(b.name)_presence", path: path))
            }
            out.append(RawFrame(line: line, index: index, time: time, points: points))
        }
        for i in out.indices.dropFirst() where out[i].index <= out[i - 1].index {
            throw HingeCheckError(.badInput, "line \(out[i].line): frame \(out[i].index) does not follow frame \(out[i - 1].index)", path: path)
        }
        return out
    }

    static func long(_ csv: CSVRows, columns: [String], path: String) throws -> [RawFrame] {
        func column(_ names: [String]) -> Int? { names.lazy.compactMap { columns.firstIndex(of: $0) }.first }
        guard let fc = column(frameColumns), let kc = column(["keypoint", "landmark"]),
              let xc = column(["x"]), let yc = column(["y"]) else {
            throw HingeCheckError(.badInput, "line 1: the long layout needs frame, keypoint, x and y columns", path: path,
                                  hint: "expected frame,keypoint,x,y,z (optional visibility, presence, time)")
        }
        let zc = column(["z"]), vc = column(["visibility"]), pc = column(["presence"]), tc = column(timeColumns)
        var byFrame: [Int: RawFrame] = [:]
        for row in csv.rows.dropFirst() {
            let line = row.line
            guard row.cells.count <= columns.count else {
                throw HingeCheckError(.badInput, "line \(line): \(row.cells.count) cells but the header has \(columns.count)", path: path)
            }
            func cell(_ k: Int?) -> String? { k.flatMap { $0 < row.cells.count ? row.cells[$0] : nil } }
            guard let index = cell(fc).flatMap({ ParseNumber.index($0) }) else {
                throw HingeCheckError(.badInput, "line \(line): frame \"\(cell(fc)?.prefix(20) ?? "")\" is not a whole number ≥ 0", path: path)
            }
            let name = (cell(kc) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard let b = body(name) ?? Int(name).flatMap(BodyLandmark.init(rawValue:)) else {
                throw HingeCheckError(.badInput, "line \(line): keypoint \"\(name.prefix(30))\" is not a MediaPipe pose landmark", path: path,
                                      hint: "use MediaPipe's names (nose, left_shoulder, ...) or indices 0–32")
            }
            var time: Double?
            if let t = cell(tc), !t.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let v = ParseNumber.double(t) else {
                    throw HingeCheckError(.badInput, "line \(line): time \"\(t.prefix(20))\" is not a number", path: path)
                }
                time = v
            }
            var frame = byFrame[index] ?? RawFrame(line: line, index: index, time: time, points: [:])
            if let time, let existing = frame.time, existing != time {
                throw HingeCheckError(.badInput, "line \(line): frame \(index) has two times (\(existing) and \(time))", path: path)
            }
            frame.time = frame.time ?? time
            let xs = cell(xc) ?? "", ys = cell(yc) ?? ""
            if let x = ParseNumber.double(xs), let y = ParseNumber.double(ys) {
                guard frame.points[b] == nil else {
                    throw HingeCheckError(.badInput, "line \(line): frame \(index) lists \(b.name) twice", path: path)
                }
                frame.points[b] = RawPoint(x: x, y: y, z: cell(zc).flatMap(ParseNumber.double) ?? 0,
                                           visibility: try probability(cell(vc), line: line, column: "visibility", path: path),
                                           presence: try probability(cell(pc), line: line, column: "presence", path: path))
            } else {
                for (label, s) in [("x", xs), ("y", ys)] {
                    let t = s.trimmingCharacters(in: .whitespaces).lowercased()
                    if !t.isEmpty, t != "nan", ParseNumber.double(t) == nil {
                        throw HingeCheckError(.badInput, "line \(line): \(label) \"\(s.prefix(20))\" is not a number", path: path)
                    }
                }
            }
            byFrame[index] = frame
        }
        return byFrame.values.sorted { $0.index < $1.index }
    }
}
