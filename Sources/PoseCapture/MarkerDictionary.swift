internal import CPoseShim
import PoseCore

/// A predefined ArUco dictionary (OpenCV's `cv::aruco::PREDEFINED_DICTIONARY_NAME`): which
/// bit patterns count as markers. Names as in configuration files: "4x4_50" is
/// `DICT_4X4_50` (4 × 4 inner cells, ids 0...49).
///
/// Smaller grids are found at smaller sizes in the image; smaller dictionaries confuse fewer
/// random patterns for markers. 4x4_50 is HingeCheck's default: a body needs at most a dozen ids.
public enum MarkerDictionary: String, CaseIterable, Sendable, Codable {
    case dict4x4_50 = "4x4_50", dict4x4_100 = "4x4_100", dict4x4_250 = "4x4_250", dict4x4_1000 = "4x4_1000"
    case dict5x5_50 = "5x5_50", dict5x5_100 = "5x5_100", dict5x5_250 = "5x5_250", dict5x5_1000 = "5x5_1000"
    case dict6x6_50 = "6x6_50", dict6x6_100 = "6x6_100", dict6x6_250 = "6x6_250", dict6x6_1000 = "6x6_1000"
    case dict7x7_50 = "7x7_50", dict7x7_100 = "7x7_100", dict7x7_250 = "7x7_250", dict7x7_1000 = "7x7_1000"
    case original = "original"

    /// Looks a dictionary up by name, case-insensitively ("4X4_50", "DICT_4X4_50" and "4x4_50" match).
    public init?(name: String) {
        var key = name.lowercased()
        if key.hasPrefix("dict_") { key.removeFirst(5) }
        if key == "aruco_original" { key = "original" }
        self.init(rawValue: key)
    }

    /// OpenCV's enum value (`DICT_4X4_50` = 0 … `DICT_ARUCO_ORIGINAL` = 16).
    var openCVID: Int32 { Int32(Self.allCases.firstIndex(of: self)!) }

    /// Number of markers (valid ids are 0..<markerCount).
    public var markerCount: Int {
        self == .original ? 1024 : Int(rawValue.split(separator: "_")[1])!
    }

    /// Inner cells per side (the printed square has one more black cell on each side).
    public var bitsPerSide: Int {
        self == .original ? 5 : Int(String(rawValue.first!))!
    }
}

/// Marker bitmaps, drawn by OpenCV (`cv::aruco::drawMarker` through the shim).
public enum MarkerBitmap {
    /// One marker as a black-and-white image `sidePx` × `sidePx`: the black square including its
    /// one-cell black border, without a white quiet zone (leave one around it when placing it).
    /// - Throws: `.invalidArgument` for an id outside the dictionary or a side smaller than the
    ///   marker's cells.
    public static func render(id: Int, dictionary: MarkerDictionary = .dict4x4_50, sidePx: Int) throws -> BGRImage {
        guard sidePx > 0 else { throw HingeCheckError(.invalidArgument, "marker side must be positive, got \(sidePx) px") }
        var image = BGRImage(width: sidePx, height: sidePx, fill: .white)
        var error = hc_error()
        let status = image.withShimImage {
            hc_aruco_draw_marker(dictionary.openCVID, Int32(clamping: id), Int32(sidePx), 1, $0, &error)
        }
        try check(status, path: nil, detail: "marker \(id) of \(dictionary.rawValue): " + message(of: error))
        return image
    }
}
