import PoseCapture
import PoseCore

/// The bitmap of one ArUco marker as grey levels (0 black, 255 white), `side` × `side`,
/// row-major, without a white margin: OpenCV's `cv::aruco::drawMarker` (one-cell black border)
/// through PoseCapture's `MarkerBitmap`, kept in a form the generator samples quickly.
public struct ArucoMarkerBitmap: Sendable, Hashable {
    public let dictionary: MarkerDictionary
    public let id: Int
    public let side: Int
    public let pixels: [UInt8]

    /// - Parameters:
    ///   - id: marker id in the dictionary (0…49 for 4x4_50).
    ///   - side: bitmap side in pixels; at least the marker's cells plus its border (6 for 4×4).
    /// - Throws: `HingeCheckError` with `.invalidArgument` for an id out of range or a side too small.
    public init(dictionary: MarkerDictionary = .dict4x4_50, id: Int, side: Int) throws {
        let image = try MarkerBitmap.render(id: id, dictionary: dictionary, sidePx: side)
        self.dictionary = dictionary
        self.id = id
        self.side = side
        pixels = (0..<(side * side)).map { image.pixels[3 * $0] }
    }

    /// The grey level at (x, y), clamped to the bitmap.
    @inline(__always) public func value(x: Int, y: Int) -> UInt8 {
        pixels[min(side - 1, max(0, y)) * side + min(side - 1, max(0, x))]
    }
}
