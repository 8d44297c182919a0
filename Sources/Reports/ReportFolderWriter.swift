import Foundation
import PoseCore

/// Writes the report folder as a unit (`ReportFolderStaging`): the files are written in a
/// hidden sibling folder, in `ReportExporters.all` order (report.json, reps.csv, frames.csv,
/// landmarks.trc, landmarks_m.trc, angles.mot, openpose/, report.html), and swapped in only
/// when all are there. A failure part-way throws a `HingeCheckError` naming the file at fault
/// and leaves an existing report folder exactly as it was. (Where no sibling can be made, files
/// are written in place, each atomically.)
public enum ReportFolderWriter {
    /// Writes every exporter's files.
    /// - Parameters:
    ///   - exporters: which exporters, in order (default: all).
    ///   - extraFiles: files others put in the folder (e.g. annotated.mp4), for the HTML links.
    ///   - settings: each exporter's settings (defaults when not given).
    /// - Returns: the files and folders written.
    /// - Throws: `HingeCheckError` `.io` naming the folder or file; `.invalidArgument` for bad settings.
    @discardableResult
    public static func write(_ report: ReportInput, to folder: URL,
                             exporters: [any ReportFileExporter] = ReportExporters.all,
                             extraFiles: [String] = [],
                             settings: (PluginDescriptor) throws -> PluginSettings = { try PluginSettings(descriptor: $0) },
                             movingIn finishedFiles: [(file: URL, name: String)] = []) throws -> [URL] {
        var report = report
        report.files = exporters.flatMap(\.outputFiles) + extraFiles
        // Check every exporter's settings before anything is written.
        let resolved = try exporters.map { ($0, try settings($0.descriptor)) }
        let staging = try ReportFolderStaging(folder: folder)
        var written: [URL] = []
        do {
            for (exporter, s) in resolved {
                written += try exporter.write(report, to: staging.workFolder, settings: s)
            }
            for (file, name) in finishedFiles {
                try AtomicFile.moveIntoPlace(file, to: staging.workFolder.appendingPathComponent(name))
                written.append(staging.workFolder.appendingPathComponent(name))
            }
            try staging.commit()
        } catch {
            staging.abandon()
            throw Self.naming(error, staging)
        }
        return written.map { staging.folder.appendingPathComponent($0.lastPathComponent) }
    }

    /// An error about a file in the hidden sibling names the file in the report folder instead.
    private static func naming(_ error: any Error, _ staging: ReportFolderStaging) -> any Error {
        guard staging.isStaged, var e = error as? HingeCheckError, let path = e.path, path.hasPrefix(staging.workFolder.path) else { return error }
        e.path = staging.folder.path + path.dropFirst(staging.workFolder.path.count)
        return e
    }

    /// Writes report.json, reps.csv and frames.csv only (what `analyze --report` wrote before
    /// the full report existed).
    @discardableResult
    public static func write(_ document: AnalysisDocument, to folder: URL) throws -> [URL] {
        let header = LandmarkFileHeader(source: document.source, skeleton: .blazePose33, width: 0, height: 0, fps: document.fps)
        return try write(ReportInput(document: document, frames: PoseFrames([]), header: header), to: folder,
                         exporters: [JSONReportExporter(), CSVTablesExporter()])
    }

    /// Creates the folder (and parents).
    /// - Throws: `.io` naming it, with what to do.
    public static func createFolder(_ folder: URL) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir) {
            guard isDir.boolValue else {
                throw HingeCheckError(.io, "is a file, not a folder", path: folder.path, hint: "pick a folder for the report")
            }
            guard FileManager.default.isWritableFile(atPath: folder.path) else {
                throw HingeCheckError(.io, "the report folder is not writable", path: folder.path,
                                      hint: "pick a folder you can write to, or change its permissions")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw HingeCheckError(.io, "cannot create the report folder: \(error.localizedDescription)", path: folder.path,
                                  hint: "pick a folder you can write to")
        }
    }
}

/// CSV tables (RFC 4180, comma separated, header row, empty cell = unknown).
public enum CSVTables {
    static func cell(_ v: Double?, _ digits: Int = 2) -> String { Fixed.text(v, digits) }

    static func cell(_ b: Bool?) -> String { b.map { $0 ? "true" : "false" } ?? "" }

    /// An external analyser's value: numbers at full precision (the plugin chose its rounding),
    /// text quoted when it holds a comma, quote or line end (RFC 4180).
    static func cell(_ v: ExternalAnalyzerResult.Value?) -> String {
        switch v {
        case .number(let d)?: d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .flag(let b)?: cell(b)
        case .text(let t)?: t.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + t.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : t
        case .null?, nil: ""
        }
    }

    /// One row per rep; after the built-in columns, one `PLUGIN.FIELD` column per field of each
    /// external analyser that ran to the end (docs/plugins.md).
    public static func reps(_ r: AnalysisResult) -> String {
        let external = r.external.filter { $0.status == .ok }
        let externalColumns = external.flatMap { x in x.fields.map { "\(x.id).\($0.name)" } }
        var out = "rep,start_s,bottom_s,end_s,partial,peak_trunk_inclination_deg,peak_hip_flexion_deg,lumbar_angle_deg,lumbar_method,peak_lumbar_flexion_deg,thoracic_angle_deg,lumbopelvic_ratio,posture_lost,posture_lost_s,worst_moment_s,confidence,verdict,verdict_reason,deciding_value_deg,deciding_uncertainty_deg,deciding_measure,threshold_deg"
            + externalColumns.map { "," + $0 }.joined() + "\n"
        for rep in r.reps {
            out += [String(rep.index), cell(rep.startS, 3), cell(rep.bottomS, 3), cell(rep.endS, 3), cell(rep.partial),
                    cell(rep.peakTrunkInclinationDeg), cell(rep.peakHipFlexionDeg), cell(rep.lumbarAngleDeg),
                    rep.lumbarMethod?.rawValue ?? "", cell(rep.peakLumbarFlexionDeg), cell(rep.thoracicAngleDeg),
                    cell(rep.lumbopelvicRatio, 3), cell(rep.postureLost), cell(rep.postureLostS, 3),
                    cell(rep.worstMomentS, 3), cell(rep.confidence, 3), rep.verdict.rawValue, rep.verdictReason?.rawValue ?? "",
                    cell(rep.decidingValueDeg), cell(rep.decidingUncertaintyDeg), rep.decidingMeasure ?? "",
                    cell(rep.thresholdDeg)].joined(separator: ",")
                + external.flatMap { x in x.fields.map { "," + cell(x.repValues[rep.index]?[$0.name]) } }.joined() + "\n"
        }
        return out
    }

    public static func frames(_ r: AnalysisResult) -> String {
        var out = ""
        frames(r, into: &out)
        return out
    }

    /// frames.csv row by row into `out` (a file as it is written, or a `String`).
    public static func frames<Out: TextOutputStream>(_ r: AnalysisResult, into out: inout Out) {
        out.write("frame,time_s,trunk_inclination_deg,hip_flexion_deg,knee_flexion_deg,lumbar_angle_deg,lumbar_method,thoracic_angle_deg,confidence,issues\n")
        for s in r.samples {
            out.write([String(s.index), cell(s.time, 4), cell(s.trunkInclinationDeg), cell(s.hipFlexionDeg), cell(s.kneeFlexionDeg),
                       cell(s.lumbarAngleDeg), s.lumbarMethod?.rawValue ?? "", cell(s.thoracicAngleDeg), cell(s.confidence, 3),
                       s.issues.joined(separator: ";")].joined(separator: ",") + "\n")
        }
    }
}
