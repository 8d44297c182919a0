internal import CPoseShim
import PoseCore

/// A predefined ArUco dictionary (OpenCV's `cv::aruco::PREDEFINED_DICTIONARY_NAME` values).
public enum ArucoDictionary: Int32, Sendable, Codable, Hashable {
    /// 4×4 bits, 50 markers: the dictionary HingeCheck's marker capture uses.
    case dict4x4_50 = 0

    /// The name written in files, e.g. "DICT_4X4_50".
    public var name: String {
        switch self {
        case .dict4x4_50: "DICT_4X4_50"
        }
    }
}

/// The bitmap of one ArUco marker, rendered by OpenCV's `cv::aruco::drawMarker` through the
/// shim: grey levels (0 black, 255 white), `side` × `side`, row-major, without a white margin.
///
/// Note: this file is the only Swift code outside PoseCapture that calls the shim; it belongs
/// in PoseCapture (with `CPoseShim` as a declared dependency) and can move there unchanged.
public struct ArucoMarkerBitmap: Sendable, Hashable {
    public let dictionary: ArucoDictionary
    public let id: Int
    public let side: Int
    /// Black border width in cells.
    public let borderBits: Int
    public let pixels: [UInt8]

    /// - Parameters:
    ///   - id: marker id in the dictionary (0…49 for 4×4_50).
    ///   - side: bitmap side in pixels; at least (cells + 2 × borderBits).
    /// - Throws: `HingeCheckError` with `.invalidArgument` for an id out of range or a side too small.
    public init(dictionary: ArucoDictionary = .dict4x4_50, id: Int, side: Int, borderBits: Int = 1) throws {
        guard side > 0, side <= 4096, id >= 0, borderBits >= 1 else {
            throw HingeCheckError(.invalidArgument, "ArUco marker: id must be ≥ 0, side 1…4096 px, border ≥ 1 bit")
        }
        var bgr = [UInt8](repeating: 0, count: side * side * 3)
        var error = hc_error()
        let status = bgr.withUnsafeMutableBufferPointer { buffer in
            hc_aruco_draw_marker(dictionary.rawValue, Int32(id), Int32(side), Int32(borderBits),
                                 hc_image(data: buffer.baseAddress, width: Int32(side), height: Int32(side), stride: Int32(side * 3)),
                                 &error)
        }
        guard status == HC_OK else {
            let text = withUnsafeBytes(of: error.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw HingeCheckError(status == HC_ERR_ARGUMENT ? .invalidArgument : .internal,
                                  "ArUco marker \(id) of \(dictionary.name): \(text.isEmpty ? "drawing failed" : text)")
        }
        self.dictionary = dictionary
        self.id = id
        self.side = side
        self.borderBits = borderBits
        pixels = (0..<(side * side)).map { bgr[3 * $0] }
    }

    /// Number of markers and bits per side of a dictionary, from OpenCV.
    public static func dictionaryInfo(_ dictionary: ArucoDictionary) throws -> (markers: Int, bits: Int) {
        var count: Int32 = 0, bits: Int32 = 0
        var error = hc_error()
        guard hc_aruco_dictionary_info(dictionary.rawValue, &count, &bits, &error) == HC_OK else {
            throw HingeCheckError(.internal, "cannot read the ArUco dictionary \(dictionary.name)")
        }
        return (Int(count), Int(bits))
    }

    /// The grey level at (x, y), clamped to the bitmap.
    @inline(__always) public func value(x: Int, y: Int) -> UInt8 {
        pixels[min(side - 1, max(0, y)) * side + min(side - 1, max(0, x))]
    }
}
