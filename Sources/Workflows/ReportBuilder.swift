import Analyzers
import Foundation
import PoseCapture
import PoseCore
import Reports

/// The report-writing glue shared by `report` and `analyze --report`: pictures and the
/// annotated video from PoseCapture, files from Reports.
public enum ReportBuilder {
    /// Landmark sources that read files (no networks): the ones `report` accepts.
    public static var fileSourceIDs: Set<String> {
        Set(BuiltInPlugins.fileSources.map(\.descriptor.id))
    }

    /// Writes the report folder as a unit (`ReportFolderStaging`: a run that fails leaves an
    /// old report as it was); with a video, the rep pictures and (when `annotated`)
    /// annotated.mp4, rendered under a temporary name and moved in with the other files.
    /// - Returns: the names written.
    /// - Parameters:
    ///   - progress: called with the number of video frames rendered (pictures, annotated video).
    ///   - note: receives remarks for people (e.g. frames the video and landmarks disagree on).
    public static func write(document: AnalysisDocument, frames: [PoseFrame], header: LandmarkFileHeader, registry: PluginRegistry,
                             config: AnalysisConfig, folder: String, video: String?, annotated: Bool,
                             progress: (Int) -> Void = { _ in }, note: (String) -> Void = { _ in }) throws -> [String] {
        try write(document: document, frames: PoseFrames(frames), header: header, registry: registry, config: config, folder: folder,
                  video: video, annotated: annotated, progress: progress, note: note)
    }

    /// The same from frames that may be spooled on disk (`FrameSpool`): the exporters and the
    /// video pass read them in order, so a long recording's frames are never all in memory.
    public static func write(document: AnalysisDocument, frames: PoseFrames, header: LandmarkFileHeader, registry: PluginRegistry,
                             config: AnalysisConfig, folder: String, video: String?, annotated: Bool,
                             progress: (Int) -> Void = { _ in }, note: (String) -> Void = { _ in }) throws -> [String] {
        let folderURL = URL(fileURLWithPath: folder)
        try ReportFolderWriter.createFolder(folderURL)
        let loaded = try config.settings(of: ShearGuardAnalyzer(), in: registry).number("loaded-inclination")
        var report = ReportInput(document: document, frames: frames, header: header, loadedInclinationDeg: loaded,
                                 videoName: video.map { URL(fileURLWithPath: $0).lastPathComponent })
        var extra: [String] = []
        var tempVideo: URL?
        if let video {
            let overlay = HingeOverlay(result: document.result, loadedInclinationDeg: loaded)
            let temp = annotated ? folderURL.appendingPathComponent(".annotated.\(ProcessInfo.processInfo.processIdentifier).partial.mp4") : nil
            tempVideo = temp
            let output: OverlayVideo.Output
            do {
                output = try OverlayVideo.render(OverlayVideo.Request(
                    videoPath: video, frames: frames, header: header, overlay: overlay,
                    pictureFrames: try OverlayVideo.pictureFrames(result: document.result, frames: frames),
                    annotatedPath: temp?.path)) { progress($0) }
            } catch {
                if let temp { try? FileManager.default.removeItem(at: temp) }
                throw error
            }
            progress(output.videoFrames)
            for remark in output.notes { note(remark) }
            report.thumbnails = output.pictures.keys.sorted().map { rep in
                let p = output.pictures[rep]!
                return RepThumbnail(repIndex: rep, frameIndex: p.frameIndex, time: p.time, jpeg: Data(p.picture.jpeg),
                                    width: p.picture.width, height: p.picture.height)
            }
            if annotated { extra.append("annotated.mp4") }
        }
        defer { if let tempVideo { try? FileManager.default.removeItem(at: tempVideo) } }
        // The annotated video joins the other files in the new folder, which replaces the old as a unit.
        let written = try ReportFolderWriter.write(report, to: folderURL, extraFiles: extra,
                                                   settings: { try config.settings(for: $0) },
                                                   movingIn: tempVideo.map { [($0, "annotated.mp4")] } ?? [])
        return written.map(\.lastPathComponent)
    }
}
