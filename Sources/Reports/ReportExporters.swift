import Foundation
import PoseCore

/// An exporter that writes from a whole `ReportInput` (thumbnails, thresholds, file list), not
/// only from the analysis result. `export(...)` (the plugin protocol) builds a plain input.
public protocol ReportFileExporter: ReportExporterPlugin {
    /// Writes this exporter's files atomically into `folder` (which exists).
    /// - Returns: the files or folders written.
    /// - Throws: `HingeCheckError` naming the file at fault.
    func write(_ report: ReportInput, to folder: URL, settings: PluginSettings) throws -> [URL]
}

extension ReportFileExporter {
    public func export(_ result: AnalysisResult, frames: [PoseFrame], header: LandmarkFileHeader,
                       to folder: URL, settings: PluginSettings) throws {
        let document = AnalysisDocument(input: header.input ?? "", header: header, frameCount: frames.count, result: result)
        _ = try write(ReportInput(document: document, frames: frames, header: header, files: outputFiles), to: folder, settings: settings)
    }
}

/// The exporters, in the order `ReportFolderWriter` runs them: machine-readable files first,
/// the HTML page last (it links to the others).
public enum ReportExporters {
    public static let all: [any ReportFileExporter] = [
        JSONReportExporter(), CSVTablesExporter(), TRCExporter(), MOTExporter(), OpenPoseExporter(), HTMLReportExporter(),
    ]
}

/// `report.json`: the versioned analysis document (docs/report-schema.md).
public struct JSONReportExporter: ReportFileExporter {
    public init() {}
    public var descriptor: PluginDescriptor {
        PluginDescriptor(id: "json-report", kind: .exporter, summary: "report.json: the versioned analysis document (docs/report-schema.md).",
                         needs: ["reps", "events", "reference", "fatigue"], emits: ["report.json"])
    }
    public var outputFiles: [String] { ["report.json"] }
    public func write(_ report: ReportInput, to folder: URL, settings: PluginSettings) throws -> [URL] {
        let url = folder.appendingPathComponent("report.json")
        try AtomicFile.write(try report.document.jsonData(), to: url)
        return [url]
    }
}

/// `reps.csv` and `frames.csv`.
public struct CSVTablesExporter: ReportFileExporter {
    public init() {}
    public var descriptor: PluginDescriptor {
        PluginDescriptor(id: "csv-tables", kind: .exporter, summary: "reps.csv (one row per rep) and frames.csv (one row per frame of angles).",
                         needs: ["kinematics", "reps"], emits: ["reps.csv", "frames.csv"])
    }
    public var outputFiles: [String] { ["reps.csv", "frames.csv"] }
    public func write(_ report: ReportInput, to folder: URL, settings: PluginSettings) throws -> [URL] {
        let reps = folder.appendingPathComponent("reps.csv"), frames = folder.appendingPathComponent("frames.csv")
        try AtomicFile.write(CSVTables.reps(report.document.result), to: reps)
        // One row per frame: written as it is made, not built as one string first.
        try AtomicFile.stream(to: frames) { CSVTables.frames(report.document.result, into: &$0) }
        return [reps, frames]
    }
}

/// `landmarks.trc` (pixels, Sports2D) and `landmarks_m.trc` (metres, OpenSim).
public struct TRCExporter: ReportFileExporter {
    public init() {}
    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "trc-export", kind: .exporter,
            summary: "landmarks.trc in image pixels (Sports2D --load_trc_px) and landmarks_m.trc in metres (OpenSim, Pose2Sim).",
            parameters: [
                PluginParameter("lifter-height", default: "1.75", unit: "m",
                                summary: "The lifter's standing height, for the pixel-to-metre scale of landmarks_m.trc.",
                                source: "scale = median trunk length in px / (0.288 × height): Drillis & Contini 1966 segment proportions",
                                range: 0.5...3),
            ],
            needs: ["pose-frames", "kinematics"], emits: ["landmarks.trc", "landmarks_m.trc"])
    }
    public var outputFiles: [String] { ["landmarks.trc", "landmarks_m.trc"] }
    public func write(_ report: ReportInput, to folder: URL, settings: PluginSettings) throws -> [URL] {
        let height = try settings.number("lifter-height")
        // Declared as the parameter's range too, so a config file is refused before analysis,
        // naming its line; this guards callers that build settings by hand.
        guard (0.5...3).contains(height) else {
            throw HingeCheckError(.invalidArgument, "trc-export.lifter-height = \(height) m: give the lifter's height in metres (0.5–3)")
        }
        let px = folder.appendingPathComponent("landmarks.trc"), m = folder.appendingPathComponent("landmarks_m.trc")
        // Row by row as the frames are read (they may be spooled on disk: a long recording's
        // table is never in memory as a whole).
        try AtomicFile.stream(to: px) { try TRCExport.writePixels(report.frames, header: report.header, fileName: "landmarks.trc", into: &$0) }
        let result = report.document.result
        let facing = result.samples.last(where: { $0.facing != nil })?.facing
        let scale = TRCExport.metricScale(result, lifterHeightM: height) ?? 500
        try AtomicFile.stream(to: m) {
            try TRCExport.writeMetric(report.frames, header: report.header, facing: facing, pxPerMetre: scale,
                                      fileName: "landmarks_m.trc", into: &$0)
        }
        return [px, m]
    }
}

/// `angles.mot`: per-frame angles for OpenSim.
public struct MOTExporter: ReportFileExporter {
    public init() {}
    public var descriptor: PluginDescriptor {
        PluginDescriptor(id: "mot-export", kind: .exporter, summary: "angles.mot: per-frame angles in degrees (OpenSim motion file).",
                         needs: ["kinematics", "reference"], emits: ["angles.mot"])
    }
    public var outputFiles: [String] { ["angles.mot"] }
    public func write(_ report: ReportInput, to folder: URL, settings: PluginSettings) throws -> [URL] {
        let url = folder.appendingPathComponent("angles.mot")
        try AtomicFile.stream(to: url) { MOTExport.write(report.document.result, into: &$0) }
        return [url]
    }
}

/// `openpose/`: one OpenPose JSON file per frame.
public struct OpenPoseExporter: ReportFileExporter {
    public init() {}
    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "openpose-export", kind: .exporter,
            summary: "openpose/: one OpenPose JSON file per frame (pose_keypoints_2d x,y,c; zeros for missing).",
            // The choices are declared (not only checked when writing) so that a config file's
            // typo is refused before any work, naming its line (the whole-path fuzz test found
            // "bodyinf" failing only after the analysis, without the file's name).
            parameters: [PluginParameter("model", default: "body25", summary: "body25 or coco18 keypoint order.",
                                         source: "BODY_25 is OpenPose's default model", choices: ["body25", "coco18"])],
            needs: ["pose-frames"], emits: ["openpose/"])
    }
    public var outputFiles: [String] { ["openpose"] }
    public func write(_ report: ReportInput, to folder: URL, settings: PluginSettings) throws -> [URL] {
        let text = settings.text("model")?.lowercased() ?? "body25"
        guard let model = OpenPoseModel(rawValue: text.replacingOccurrences(of: "_", with: "")) else {
            throw HingeCheckError(.invalidArgument, "openpose-export.model = \"\(text)\": use body25 or coco18")
        }
        let url = folder.appendingPathComponent("openpose")
        // A file per frame, each written as its frame is read.
        try AtomicFile.writeFolder(to: url) { write in
            try report.frames.forEach { f in
                try write(OpenPoseJSON.fileName(stem: "hingecheck", index: f.index), Data(OpenPoseJSON.text(f, model: model).utf8))
            }
        }
        return [url]
    }
}

/// `report.html`: the page a coach reads.
public struct HTMLReportExporter: ReportFileExporter {
    public init() {}
    public var descriptor: PluginDescriptor {
        PluginDescriptor(id: "html-report", kind: .exporter,
                         summary: "report.html: self-contained page for coaches (verdict, reps, charts, worst-moment pictures, trend).",
                         needs: ["kinematics", "reps", "events", "reference", "fatigue"], emits: ["report.html"])
    }
    public var outputFiles: [String] { ["report.html"] }
    public func write(_ report: ReportInput, to folder: URL, settings: PluginSettings) throws -> [URL] {
        let url = folder.appendingPathComponent("report.html")
        try AtomicFile.write(HTMLReport.render(report), to: url)
        return [url]
    }
}
