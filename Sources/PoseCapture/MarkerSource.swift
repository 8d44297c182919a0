import Foundation
import PoseCore

/// The `markers` landmark source: ArUco markers taped on the spinous processes (and on the hip,
/// knee and ankle) of a lifter filmed from the side (docs/method.md, "Coordinate conventions" and "Rules").
///
/// Each frame gives spine points (sub-pixel marker centres, cranial to caudal) and, when the hip
/// and C7 (or a shoulder marker) are known, `blazepose-33` landmarks: every mapped body point in
/// both its left and right slot, a shoulder proxy derived from C7 (see `MarkerStream.Settings`),
/// and every other landmark absent (visibility and presence 0 at (0, 0)). Short gaps are
/// bridged and marked `interpolated`; longer ones stay missing. Markers seen at a slant (not
/// square: the lifter or the marker turned away from the camera) or out of size with the
/// others (not at the same depth) get a confidence below 0.5, which analyzers treat as unknown.
///
/// Registered after `blazepose`, so plain videos go to the markerless source unless
/// `--source markers` is given.
public struct MarkerSource: LandmarkSourcePlugin {
    public init() {}

    /// File extensions this source claims for video (open() accepts any file FFmpeg decodes).
    public static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "wmv", "ts", "gif"]

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "markers", kind: .landmarkSource,
            summary: "ArUco skin markers on the spine (C7…S1) and on hip, knee and ankle, from side-view video, image folders or cameras.",
            parameters: [
                PluginParameter("dictionary", default: MarkerDictionary.dict4x4_50.rawValue,
                                summary: "ArUco dictionary of the printed markers (4x4_50 … 7x7_1000, original); `hingecheck markers sheet` prints 4x4_50.",
                                source: "smallest grid: found at the smallest size in the image; 50 ids are plenty for one body"),
                PluginParameter("map", default: MarkerMap.standardText,
                                summary: "Marker id of each site as ID:SITE pairs; sites C7 T3 T8 T12 L1 L3 L5 S1 shoulder hip knee ankle heel toe.",
                                source: "HingeCheck's marker sheet and the sample-video generator (SampleSynth) use this map"),
                PluginParameter("max-gap", default: "0.5", unit: "s",
                                summary: "Longest time a marker may be hidden and still be bridged by linear interpolation (marked interpolated); longer gaps stay missing.",
                                source: "project convention (issue 4): a quarter of a typical 2 s deadlift rep; interpolation error grows quickly with gap length (Howarth & Callaghan 2010)"),
                PluginParameter("min-side", default: "10", unit: "px",
                                summary: "Smallest marker side to look for; 4x4 markers need about 2 px per cell (6 cells with the border).",
                                source: "measured on rendered 11 px markers (blur 0.5 px, noise 2): all found at 2x, 5 in 6 at 1x"),
                PluginParameter("upscale", default: "auto",
                                summary: "auto: 1x pass, then a whole 2x pass when a mapped marker is missing, else markers under 24 px located again at 2x; never: 1x only (markers of 24 px or more); always: 2x only.",
                                source: "measured on the generator's 640x480 marker clip (15 px markers): centre error 0.38 px at 1x, 0.13 px auto; 11, 23 and 36 ms per frame"),
                PluginParameter("min-aspect", default: "0.9", unit: "fraction",
                                summary: "A marker whose shorter side pair is below this share of its longer pair is foreshortened (turned out of the image plane): confidence drops below 0.5.",
                                source: "cos 26°: 2D angles are valid only in the camera's plane (docs/method.md, \"Coordinate conventions\"); rendered markers facing the camera measure 0.97-1.0 at 10 px"),
                PluginParameter("max-size-ratio", default: "1.2", unit: "ratio",
                                summary: "A spine marker larger or smaller than the median spine marker by more than this is at another depth or turned: confidence drops below 0.5.",
                                source: "project convention: 20% is 60 cm of depth at 3 m; the spine should lie in one plane parallel to the image"),
                PluginParameter("shoulder-forward", default: "0.07", unit: "fraction",
                                summary: "Shoulder proxy (without a shoulder marker): this share of the hip-C7 distance anterior of C7, perpendicular to hip-C7.",
                                source: "fitted to the adult body model of SampleSynth (shoulder joint 9 cm anterior of T3): 0.05 hinged to 0.08 upright"),
                PluginParameter("shoulder-down", default: "0.19", unit: "fraction",
                                summary: "Shoulder proxy: this share of the hip-C7 distance from C7 towards the hip.",
                                source: "fitted to the adult body model of SampleSynth: 0.185 upright to 0.20 hinged"),
                PluginParameter("folder-fps", default: "30", unit: "Hz",
                                summary: "Frame rate assumed for a folder of images (drives timestamps and max-gap).",
                                source: "convention shared with the blazepose source"),
            ],
            emits: ["pose-frames", "spine-points", "landmarks"])
    }

    public func canOpen(_ input: SourceInput) -> Bool {
        switch input {
        case .camera, .folder: true
        case .file(let url): Self.videoExtensions.contains(url.pathExtension.lowercased())
        }
    }

    public func open(_ input: SourceInput, settings: PluginSettings) throws -> any LandmarkStream {
        try openStream(input, settings: settings)
    }

    /// Opens a stream with its concrete type (tracking summary for the CLI).
    /// - Throws: `.invalidArgument` naming a bad parameter; `HingeCheckError` naming the input
    ///   (`.notFound`, `.badInput`) when it cannot be opened.
    public func openStream(_ input: SourceInput, settings: PluginSettings) throws -> MarkerStream {
        let s = try MarkerStream.Settings(settings)
        let frames: any FrameSource
        switch input {
        case .file(let url): frames = try VideoFileSource(path: url.path)
        case .folder(let url): frames = try ImageFolderSource(path: url.path, fps: s.folderFPS)
        case .camera(let index, let path): frames = try CameraSource(index: index, devicePath: path)
        }
        return try MarkerStream(frames: frames, settings: s, input: input.description)
    }
}
