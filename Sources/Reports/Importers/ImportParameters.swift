import Foundation
import PoseCore

/// The common parameters of the importers.
enum ImportParameters {
    static let fps = PluginParameter("fps", default: "30", unit: "Hz",
                                     summary: "Frame rate when the file has no time stamps.", source: "the most common camera rate")
    static let width = PluginParameter("width", default: "0", unit: "px",
                                       summary: "Image width the coordinates refer to (0 = unknown; normalised coordinates need it).",
                                       source: "convention: 0 = not given")
    static let height = PluginParameter("height", default: "0", unit: "px",
                                        summary: "Image height the coordinates refer to (0 = unknown; normalised coordinates need it).",
                                        source: "convention: 0 = not given")
    static let mirror = PluginParameter("mirror-missing-sides", default: "1", unit: "bool",
                                        summary: "1: a missing left/right point takes its visible partner's position with visibility 0.",
                                        source: "side-on video: the far side is occluded and lies close to the near side in 2D")
}

/// A stream over frames an importer read in full.
func importedStream(_ header: LandmarkFileHeader, _ frames: [PoseFrame]) -> any LandmarkStream {
    ReplayStream(file: LandmarkFile(header: header, frames: frames))
}
