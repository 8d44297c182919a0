import Foundation
import PoseCore

/// Writes the report folder: `report.json` (the analysis document), `reps.csv` (one row per
/// rep) and `frames.csv` (one row per frame of measured angles). Each file is written
/// atomically, in that order, so a failure leaves the files already written whole.
public enum ReportFolderWriter {
    /// - Returns: the files written.
    /// - Throws: `HingeCheckError` `.io` naming the folder or file.
    @discardableResult
    public static func write(_ document: AnalysisDocument, to folder: URL) throws -> [URL] {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw HingeCheckError(.io, "cannot create the report folder: \(error.localizedDescription)", path: folder.path,
                                  hint: "pick a folder you can write to with --report DIR")
        }
        var written: [URL] = []
        let json = folder.appendingPathComponent("report.json")
        try AtomicFile.write(try document.jsonData(), to: json)
        written.append(json)
        let reps = folder.appendingPathComponent("reps.csv")
        try AtomicFile.write(CSVTables.reps(document.result), to: reps)
        written.append(reps)
        let frames = folder.appendingPathComponent("frames.csv")
        try AtomicFile.write(CSVTables.frames(document.result), to: frames)
        written.append(frames)
        return written
    }
}

/// CSV tables (RFC 4180, comma separated, header row, empty cell = unknown).
public enum CSVTables {
    static func cell(_ v: Double?, _ digits: Int = 2) -> String {
        guard let v, v.isFinite else { return "" }
        return String(format: "%.\(digits)f", v)
    }

    static func cell(_ b: Bool?) -> String { b.map { $0 ? "true" : "false" } ?? "" }

    public static func reps(_ r: AnalysisResult) -> String {
        var out = "rep,start_s,bottom_s,end_s,partial,peak_trunk_inclination_deg,peak_hip_flexion_deg,lumbar_angle_deg,lumbar_method,peak_lumbar_flexion_deg,thoracic_angle_deg,lumbopelvic_ratio,posture_lost,posture_lost_s,worst_moment_s,confidence\n"
        for rep in r.reps {
            out += [String(rep.index), cell(rep.startS, 3), cell(rep.bottomS, 3), cell(rep.endS, 3), cell(rep.partial),
                    cell(rep.peakTrunkInclinationDeg), cell(rep.peakHipFlexionDeg), cell(rep.lumbarAngleDeg),
                    rep.lumbarMethod?.rawValue ?? "", cell(rep.peakLumbarFlexionDeg), cell(rep.thoracicAngleDeg),
                    cell(rep.lumbopelvicRatio, 3), cell(rep.postureLost), cell(rep.postureLostS, 3),
                    cell(rep.worstMomentS, 3), cell(rep.confidence, 3)].joined(separator: ",") + "\n"
        }
        return out
    }

    public static func frames(_ r: AnalysisResult) -> String {
        var out = "frame,time_s,trunk_inclination_deg,hip_flexion_deg,knee_flexion_deg,lumbar_angle_deg,lumbar_method,thoracic_angle_deg,confidence,issues\n"
        for s in r.samples {
            out += [String(s.index), cell(s.time, 4), cell(s.trunkInclinationDeg), cell(s.hipFlexionDeg), cell(s.kneeFlexionDeg),
                    cell(s.lumbarAngleDeg), s.lumbarMethod?.rawValue ?? "", cell(s.thoracicAngleDeg), cell(s.confidence, 3),
                    s.issues.joined(separator: ";")].joined(separator: ",") + "\n"
        }
        return out
    }
}
