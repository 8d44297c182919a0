import Foundation
import PoseCore
import Reports

/// One row of a batch summary: an input, where its report is, and what the analysis found.
/// Angles in degrees. Everything here is a pure function of the input and its analysis (no
/// timings, no run dates), so the same inputs give the same summary whether analysed in one run,
/// resumed, or sharded and merged.
public struct BatchEntry: Sendable, Hashable, Codable {
    /// How far the input got.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Analysed; the report folder is complete (it has `done.json`).
        case done
        /// Could not be read or analysed; `error` says why. Retried on the next run.
        case failed
        /// Stopped by Ctrl-C before it finished. Retried on the next run.
        case interrupted
        /// Not started (the run was interrupted first).
        case pending
    }

    /// What the analysis concluded, in the report's words.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// At least one rep lost the lumbar curve under load.
        case lost
        /// Every judged rep held it.
        case held
        /// Reps were found but HingeCheck can't tell on any (each report says why).
        case cantTell = "cant_tell"
        /// No hinge rep was found.
        case noReps = "no-reps"
    }

    public var input: String
    public var kind: BatchInput.Kind
    /// The report folder's name, relative to the folder of the summary that lists it.
    public var folder: String
    public var athlete: String?
    public var date: String?
    public var set: Int?
    public var status: Status
    public var error: String?
    public var frames: Int?
    /// Video frames that could not be decoded and were skipped (damaged data); nil until analysed.
    public var skippedFrames: Int?
    public var reps: Int?
    /// 1-based indices of the reps flagged with the lumbar curve lost.
    public var flaggedReps: [Int]?
    /// 1-based indices of the reps HingeCheck can't tell (each report says why).
    public var cantTellReps: [Int]?
    public var verdict: Verdict?
    /// The largest per-rep lumbar flexion from the lifter's neutral that decided a verdict (spine
    /// points: the flexion held for the minimum duration, as in the report's rep table).
    public var worstLumbarFlexionDeg: Double?
    /// The worst per-rep lumbar angle: the smallest (most kyphotic) spine-point angle, or the
    /// largest (most flexed) markerless lower-back angle; `lumbarMethod` tells which.
    public var worstLumbarAngleDeg: Double?
    public var lumbarMethod: String?
    /// Warning codes of the analysis (`not_side_on`, `low_confidence`, ...).
    public var warnings: [String]
    /// Ids of the external analysers that failed on this input (docs/plugins.md, "Errors"): its
    /// report is complete with the built-in results and the failure recorded, but without their
    /// results, so the batch exits 1 and the next run analyses the input again. Empty when none
    /// failed.
    public var failedExternalAnalyzers: [String] = []

    public init(input: BatchInput, status: Status, error: String? = nil) {
        self.input = input.path
        kind = input.kind
        folder = input.folderName
        let facts = BatchNaming.facts(for: input.path)
        athlete = facts.athlete
        date = facts.date
        set = facts.set
        self.status = status
        self.error = error
        warnings = []
    }

    /// Fills in the figures of a finished analysis.
    public mutating func record(_ document: AnalysisDocument) {
        let result = document.result
        frames = document.frameCount
        skippedFrames = document.skippedFrames
        reps = result.reps.count
        flaggedReps = document.flaggedReps
        cantTellReps = document.cantTellReps
        if result.reps.isEmpty {
            verdict = .noReps
        } else if result.reps.contains(where: { $0.postureLost == true }) {
            verdict = .lost
        } else if result.reps.contains(where: { $0.postureLost == false }) {
            verdict = .held
        } else {
            verdict = .cantTell
        }
        worstLumbarFlexionDeg = result.reps.filter { $0.lumbarMethod == .spinePoints }.compactMap(\.decidingValueDeg).filter(\.isFinite).max()
        let spine = result.reps.filter { $0.lumbarMethod == .spinePoints }
        let contour = result.reps.filter { $0.lumbarMethod == .dorsalContour }
        if !spine.isEmpty, spine.count >= contour.count {
            lumbarMethod = LumbarMethod.spinePoints.rawValue
            worstLumbarAngleDeg = spine.compactMap { $0.minLumbarAngleDeg ?? $0.lumbarAngleDeg }.filter(\.isFinite).min()
        } else if !contour.isEmpty {
            lumbarMethod = LumbarMethod.dorsalContour.rawValue
            worstLumbarAngleDeg = contour.compactMap(\.lumbarAngleDeg).filter(\.isFinite).max()
        }
        warnings = result.warnings.map(\.code)
        failedExternalAnalyzers = result.external.filter { $0.status == .failed }.map(\.id)
    }

    /// Whether this input counts as a failure for the exit code.
    public var isFailure: Bool { status != .done }

    enum CodingKeys: String, CodingKey {
        case input, kind, folder, athlete, date, set, status, error, frames, skippedFrames = "skipped_frames", reps
        case flaggedReps = "flagged_reps", cantTellReps = "cant_tell_reps", verdict, worstLumbarFlexionDeg = "worst_lumbar_flexion_deg"
        case worstLumbarAngleDeg = "worst_lumbar_angle_deg", lumbarMethod = "lumbar_method", warnings
        case failedExternalAnalyzers = "failed_external_analyzers"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        input = try c.decode(String.self, forKey: .input)
        kind = try c.decode(BatchInput.Kind.self, forKey: .kind)
        folder = try c.decode(String.self, forKey: .folder)
        athlete = try c.decodeIfPresent(String.self, forKey: .athlete)
        date = try c.decodeIfPresent(String.self, forKey: .date)
        set = try c.decodeIfPresent(Int.self, forKey: .set)
        status = try c.decode(Status.self, forKey: .status)
        error = try c.decodeIfPresent(String.self, forKey: .error)
        frames = try c.decodeIfPresent(Int.self, forKey: .frames)
        skippedFrames = try c.decodeIfPresent(Int.self, forKey: .skippedFrames)
        reps = try c.decodeIfPresent(Int.self, forKey: .reps)
        flaggedReps = try c.decodeIfPresent([Int].self, forKey: .flaggedReps)
        cantTellReps = try c.decodeIfPresent([Int].self, forKey: .cantTellReps)
        verdict = try c.decodeIfPresent(Verdict.self, forKey: .verdict)
        worstLumbarFlexionDeg = try c.decodeIfPresent(Double.self, forKey: .worstLumbarFlexionDeg)
        worstLumbarAngleDeg = try c.decodeIfPresent(Double.self, forKey: .worstLumbarAngleDeg)
        lumbarMethod = try c.decodeIfPresent(String.self, forKey: .lumbarMethod)
        warnings = try c.decode([String].self, forKey: .warnings)
        // Absent from the summaries of builds before external analysers failed a batch.
        failedExternalAnalyzers = try c.decodeIfPresent([String].self, forKey: .failedExternalAnalyzers) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        // Explicit nulls, like the analysis document: a reader sees every key.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(input, forKey: .input)
        try c.encode(kind, forKey: .kind)
        try c.encode(folder, forKey: .folder)
        try c.encode(athlete, forKey: .athlete)
        try c.encode(date, forKey: .date)
        try c.encode(set, forKey: .set)
        try c.encode(status, forKey: .status)
        try c.encode(error, forKey: .error)
        try c.encode(frames, forKey: .frames)
        try c.encode(skippedFrames, forKey: .skippedFrames)
        try c.encode(reps, forKey: .reps)
        try c.encode(flaggedReps, forKey: .flaggedReps)
        try c.encode(cantTellReps, forKey: .cantTellReps)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(worstLumbarFlexionDeg, forKey: .worstLumbarFlexionDeg)
        try c.encode(worstLumbarAngleDeg, forKey: .worstLumbarAngleDeg)
        try c.encode(lumbarMethod, forKey: .lumbarMethod)
        try c.encode(warnings, forKey: .warnings)
        try c.encode(failedExternalAnalyzers, forKey: .failedExternalAnalyzers)
    }
}

extension BatchEntry {
    /// The columns of `summary.csv`, in order.
    public static let csvColumns = ["input", "report", "athlete", "date", "set", "kind", "status", "frames", "reps",
                                    "flagged_reps", "flagged", "cant_tell", "verdict", "worst_lumbar_flexion_deg",
                                    "worst_lumbar_angle_deg", "lumbar_method", "warnings", "warning_codes", "error"]

    /// One CSV line (RFC 4180 quoting; numbers with one decimal; empty = unknown). Text cells
    /// that a spreadsheet would run as a formula get a leading `'` (`csvField`).
    public var csvRow: String {
        func num(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "" }
        let text: (String) -> (String, Bool) = { ($0, true) }
        let number: (String) -> (String, Bool) = { ($0, false) }
        let fields: [(String, Bool)] = [
            text(input), text(status == .done ? "\(folder)/report.html" : ""), text(athlete ?? ""), text(date ?? ""),
            number(set.map(String.init) ?? ""),
            text(kind.rawValue), text(status.rawValue), number(frames.map(String.init) ?? ""), number(reps.map(String.init) ?? ""),
            number(flaggedReps.map { String($0.count) } ?? ""), text(flaggedReps.map { $0.map(String.init).joined(separator: " ") } ?? ""),
            text(cantTellReps.map { $0.map(String.init).joined(separator: " ") } ?? ""),
            text(verdict?.rawValue ?? ""), number(num(worstLumbarFlexionDeg)), number(num(worstLumbarAngleDeg)), text(lumbarMethod ?? ""),
            number(status == .done ? String(warnings.count) : ""), text(warnings.joined(separator: " ")), text(error ?? ""),
        ]
        return fields.map { BatchEntry.csvField($0.0, isText: $0.1) }.joined(separator: ",")
    }

    /// One cell, RFC 4180 quoted when needed.
    ///
    /// Text comes from file names and error messages, so a person can make it start with `=`,
    /// `+`, `-`, `@`, a tab or a carriage return, which Excel, LibreOffice and Google Sheets run
    /// as a formula (CSV injection). Such text gets a leading `'`, as OWASP recommends: the
    /// spreadsheet shows it as text. Numbers are never touched: -3.2 must stay a number.
    static func csvField(_ value: String, isText: Bool) -> String {
        var text = value
        if isText, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
