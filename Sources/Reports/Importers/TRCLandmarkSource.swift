import Foundation
import PoseCore

/// The `trc` landmark source: reads TRC marker files (HingeCheck's own `landmarks.trc`,
/// Sports2D's `*_px.trc`, Pose2Sim/OpenSim metre files).
///
/// Markers named like MediaPipe (`left_hip`) or OpenPose/Pose2Sim (`LHip`) become body
/// landmarks; spine sites (`C7`, `T8`, `T12`, `L3`, `S1`, ...) become spine points; other
/// markers are ignored. Pixel files (`Units` = px, or a name ending `_px.trc` — Sports2D writes
/// `m` there) are read as image pixels, y down. Metre files are projected on their X–Y plane
/// (OpenSim: X forward, Y up) at `px-per-m`, y flipped, so angles keep their meaning.
public struct TRCLandmarkSource: LandmarkSourcePlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "trc", kind: .landmarkSource,
            summary: "Imports a TRC marker file (HingeCheck landmarks.trc, Sports2D *_px.trc, Pose2Sim/OpenSim metres).",
            parameters: [
                PluginParameter("units", default: "auto", summary: "auto (from the header and a _px.trc name), px, m, cm or mm.",
                                source: "the TRC header's Units field"),
                PluginParameter("px-per-m", default: "500", unit: "px/m",
                                summary: "Scale for metre files (a 1.75 m lifter becomes about 875 px tall).",
                                source: "project convention: keeps the trunk above the 60 px minimum for lumbar measures"),
                ImportParameters.width, ImportParameters.height, ImportParameters.mirror,
            ],
            emits: ["pose-frames"])
    }

    public func canOpen(_ input: SourceInput) -> Bool {
        if case .file(let url) = input { return url.pathExtension.lowercased() == "trc" }
        return false
    }

    public func open(_ input: SourceInput, settings: PluginSettings) throws -> any LandmarkStream {
        guard case .file(let url) = input else {
            throw HingeCheckError(.badInput, "the trc source reads files only", path: input.description)
        }
        let text = try ImportFile.text(url, what: "a TRC marker file")
        let file = try TRCFile.parse(text, path: url.path)
        let (header, frames) = try Self.frames(file, path: url.path, fileName: url.lastPathComponent, settings: settings)
        return importedStream(header, frames)
    }

    /// Converts a parsed file into pose frames.
    public static func frames(_ file: TRCFile, path: String, fileName: String, settings: PluginSettings) throws -> (LandmarkFileHeader, [PoseFrame]) {
        let unitsSetting = settings.text("units")?.lowercased() ?? "auto"
        var units = unitsSetting == "auto" ? file.units.lowercased() : unitsSetting
        if unitsSetting == "auto", fileName.lowercased().hasSuffix("_px.trc") { units = "px" }
        let metresPerUnit: Double?
        switch units {
        case "px", "pixel", "pixels": metresPerUnit = nil
        case "m": metresPerUnit = 1
        case "cm": metresPerUnit = 0.01
        case "mm": metresPerUnit = 0.001
        default:
            throw HingeCheckError(.badInput, "line 3: unknown Units \"\(file.units)\"", path: path,
                                  hint: "set --set trc.units=px (or m, cm, mm)")
        }
        let pxPerM = try settings.number("px-per-m")
        guard pxPerM > 0, pxPerM <= 1_000_000 else {
            throw HingeCheckError(.invalidArgument, "trc.px-per-m = \(pxPerM) must be above 0")
        }
        var bodyColumns: [(BodyLandmark, Int)] = []
        var spineColumns: [(SpineSite, Int)] = []
        for (k, name) in file.markers.enumerated() {
            if let b = BodyPointNames.body(name), !bodyColumns.contains(where: { $0.0 == b }) { bodyColumns.append((b, k)) }
            else if let s = BodyPointNames.spine(name), !spineColumns.contains(where: { $0.0 == s }) { spineColumns.append((s, k)) }
        }
        guard !bodyColumns.isEmpty || !spineColumns.isEmpty else {
            throw HingeCheckError(.badInput, "line 4: no marker is a known body point or spine site", path: path,
                                  hint: "name markers like MediaPipe (left_hip), OpenPose (LHip) or spine sites (C7, T12, L3, S1)")
        }
        // Metric files: flip Y and shift so the image stays in positive pixels.
        var maxY = -Double.infinity, minX = Double.infinity
        if let m = metresPerUnit {
            for row in file.rows {
                for k in bodyColumns.map(\.1) + spineColumns.map(\.1) {
                    if let x = row.values[3 * k], let y = row.values[3 * k + 1] {
                        maxY = max(maxY, y * m)
                        minX = min(minX, x * m)
                    }
                }
            }
        }
        let margin = 50.0
        func pixel(_ x: Double, _ y: Double, _ z: Double?) -> (Double, Double, Double) {
            guard let m = metresPerUnit else { return (x, y, z ?? 0) }
            return ((x * m - minX) * pxPerM + margin, (maxY - y * m) * pxPerM + margin, -(z ?? 0) * m * pxPerM)
        }
        let assembler = LandmarkAssembler(mirrorMissingSides: try settings.number("mirror-missing-sides") != 0)
        let first = file.rows.first?.frameNumber ?? 1
        let offset = min(1, first)
        var frames: [PoseFrame] = []
        frames.reserveCapacity(file.rows.count)
        for row in file.rows {
            var points: [BodyLandmark: Landmark] = [:]
            for (b, k) in bodyColumns {
                guard let x = row.values[3 * k], let y = row.values[3 * k + 1] else { continue }
                let p = pixel(x, y, row.values[3 * k + 2])
                points[b] = Landmark(x: p.0, y: p.1, z: p.2)
            }
            var spine: [SpinePoint] = []
            for (s, k) in spineColumns {
                guard let x = row.values[3 * k], let y = row.values[3 * k + 1] else { continue }
                let p = pixel(x, y, nil)
                spine.append(SpinePoint(site: s, x: p.0, y: p.1))
            }
            spine.sort { $0.site < $1.site }
            frames.append(PoseFrame(index: row.frameNumber - offset, time: row.time, landmarks: assembler.landmarks(points), spine: spine))
        }
        try ImportTiming.checkOrder(frames, path: path) { "data row \($0 + 1) (Frame# \(file.rows[$0].frameNumber))" }
        for i in frames.indices.dropFirst() where frames[i].index <= frames[i - 1].index {
            throw HingeCheckError(.badInput, "data row \(i + 1): Frame# \(file.rows[i].frameNumber) does not follow \(file.rows[i - 1].frameNumber)", path: path)
        }
        let fps = file.dataRate > 0 ? file.dataRate : (ImportTiming.fps(fromTimes: frames.map(\.time)) ?? 0)
        let header = LandmarkFileHeader(source: "trc", skeleton: bodyColumns.isEmpty ? .spineOnly : .blazePose33,
                                        width: try ImportTiming.size(settings, "width"), height: try ImportTiming.size(settings, "height"),
                                        fps: fps, input: fileName)
        return (header, frames)
    }
}
