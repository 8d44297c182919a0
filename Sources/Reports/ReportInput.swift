import Foundation
import PoseCore

/// Everything a report folder is made from: the analysis document, the frames it came from,
/// and the pictures only the CLI can make (Reports never decodes video: JPEG bytes come in).
public struct ReportInput: Sendable {
    public var document: AnalysisDocument
    /// The pose frames analysed (image pixels), for the landmark exports: in memory or read
    /// back from a `FrameSpool` (the exporters walk them in order and write as they go).
    public var frames: PoseFrames
    public var header: LandmarkFileHeader
    /// One picture per rep of its worst moment, when the video was available.
    public var thumbnails: [RepThumbnail]
    /// The trunk inclination from which the back counts as loaded (shear-guard's
    /// `loaded-inclination`), drawn on the trunk chart. Degrees.
    public var loadedInclinationDeg: Double
    /// Files the report links to, in the folder (set by `ReportFolderWriter`).
    public var files: [String]
    /// The video the pictures come from, for people (file name), when there is one.
    public var videoName: String?

    public init(document: AnalysisDocument, frames: [PoseFrame], header: LandmarkFileHeader,
                thumbnails: [RepThumbnail] = [], loadedInclinationDeg: Double = 30, files: [String] = [],
                videoName: String? = nil) {
        self.init(document: document, frames: PoseFrames(frames), header: header, thumbnails: thumbnails,
                  loadedInclinationDeg: loadedInclinationDeg, files: files, videoName: videoName)
    }

    public init(document: AnalysisDocument, frames: PoseFrames, header: LandmarkFileHeader,
                thumbnails: [RepThumbnail] = [], loadedInclinationDeg: Double = 30, files: [String] = [],
                videoName: String? = nil) {
        self.document = document
        self.frames = frames
        self.header = header
        self.thumbnails = thumbnails
        self.loadedInclinationDeg = loadedInclinationDeg
        self.files = files
        self.videoName = videoName
    }
}

/// A JPEG of one rep's worst moment, skeleton and spine curve drawn on it.
public struct RepThumbnail: Sendable, Hashable {
    public var repIndex: Int
    /// The video frame shown and its time in seconds.
    public var frameIndex: Int
    public var time: Double
    /// JPEG bytes.
    public var jpeg: Data
    /// Pixel size of the JPEG.
    public var width: Int
    public var height: Int

    public init(repIndex: Int, frameIndex: Int, time: Double, jpeg: Data, width: Int, height: Int) {
        self.repIndex = repIndex
        self.frameIndex = frameIndex
        self.time = time
        self.jpeg = jpeg
        self.width = width
        self.height = height
    }
}
