internal import CPoseShim
import PoseCore

/// One ArUco marker found in a frame. Image pixels, origin top-left, y down, pixel centres at
/// integer coordinates.
public struct DetectedMarker: Sendable, Hashable {
    /// The marker's id in its dictionary.
    public var id: Int
    /// Corners in the marker's own order: the top-left corner of the marker as printed, then
    /// clockwise as printed (sub-pixel).
    public var corners: [Point2]
    /// The projected centre: where the diagonals cross (sub-pixel).
    public var center: Point2

    public init(id: Int, corners: [Point2], center: Point2) {
        precondition(corners.count == 4, "a marker has four corners")
        self.id = id
        self.corners = corners
        self.center = center
    }

    /// Mean side length in pixels.
    public var sidePx: Double {
        (0..<4).map { corners[$0].distance(to: corners[($0 + 1) % 4]) }.reduce(0, +) / 4
    }

    /// How square the marker looks, in (0, 1]: the shorter over the longer of the mean lengths
    /// of its two pairs of opposite sides. About cos θ for a marker turned θ out of the image
    /// plane; 1 for a marker facing the camera, whatever its rotation in the image.
    public var aspectRatio: Double {
        let a = (corners[0].distance(to: corners[1]) + corners[2].distance(to: corners[3])) / 2
        let b = (corners[1].distance(to: corners[2]) + corners[3].distance(to: corners[0])) / 2
        let longer = max(a, b)
        return longer > 0 ? min(a, b) / longer : 0
    }
}

/// Finds ArUco markers in frames (OpenCV 4.6 contrib `detectMarkers` with sub-pixel corner
/// refinement, then a straight-line fit to each edge of the black square; see CPoseShim.h).
/// Owns one shim handle; use it from one task at a time.
public final class MarkerDetector {
    /// Detection settings.
    public struct Options: Sendable, Hashable {
        /// When to look again in a 2× upscaled copy of the frame.
        public enum Upscale: String, Sendable, Hashable, CaseIterable {
            /// Look again in the whole frame at 2× when a 1× pass missed a wanted id (any id when
            /// none are wanted); else locate each marker under 24 px again in a 2× window around it.
            case auto
            /// Only the frame as it is (fastest; for markers of 24 px or more).
            case never
            /// Only a 2× copy (about 3× slower than 1×; finds 10–12 px markers, locates small ones better).
            case always
        }
        public var dictionary: MarkerDictionary
        /// Smallest marker side to look for, pixels (≥ 4).
        public var minSidePx: Double
        public var upscale: Upscale
        /// Fit lines to the square's four edges and intersect them (true), or keep OpenCV's
        /// `CORNER_REFINE_SUBPIX` corners (false).
        public var edgeRefinement: Bool

        public init(dictionary: MarkerDictionary = .dict4x4_50, minSidePx: Double = 10, upscale: Upscale = .auto,
                    edgeRefinement: Bool = true) {
            self.dictionary = dictionary
            self.minSidePx = minSidePx
            self.upscale = upscale
            self.edgeRefinement = edgeRefinement
        }
    }

    private let raw: OpaquePointer
    public let options: Options
    private var buffer: [hc_marker]

    /// - Throws: `.invalidArgument` for options out of range.
    public init(options: Options = Options()) throws {
        var o = hc_markers_options()
        hc_markers_default_options(&o)
        o.dictionary_id = options.dictionary.openCVID
        o.min_side_px = Float(options.minSidePx)
        o.upscale = switch options.upscale { case .auto: 0; case .never: 1; case .always: 2 }
        o.edge_refinement = options.edgeRefinement ? 1 : 0
        var handle: OpaquePointer?
        var error = hc_error()
        try check(hc_markers_new(&o, &handle, &error), path: nil, detail: message(of: error))
        guard let handle else { throw HingeCheckError(.internal, "cannot allocate a marker detector") }
        raw = handle
        self.options = options
        buffer = [hc_marker](repeating: hc_marker(), count: 64)
    }

    deinit { hc_markers_free(raw) }

    private var errorText: String { String(cString: hc_markers_error(raw)) }

    /// Reports only these ids from now on (empty: every id). With `upscale == .auto` the 2×
    /// pass runs only when one of them is missing.
    /// - Throws: `.invalidArgument` for an id outside the dictionary.
    public func setWantedIDs(_ ids: [Int]) throws {
        let values = ids.map { Int32(clamping: $0) }
        let status = values.withUnsafeBufferPointer { hc_markers_set_wanted_ids(raw, $0.baseAddress, Int32($0.count)) }
        try check(status, path: nil, detail: errorText)
    }

    /// The markers in one frame, sorted by id (an id can appear twice: a copy or a false match).
    /// Complexity: one thread, 640×480 H.264 frames with eight 15 px markers: about 11 ms at
    /// `.never`, 23 ms `.auto`, 36 ms `.always` (measured on a loaded 2-core machine).
    public func detect(_ frame: borrowing FrameView) throws -> [DetectedMarker] {
        try detect(pixels: frame.pixels, width: frame.width, height: frame.height, stride: frame.stride)
    }

    /// The markers in an image.
    public func detect(_ image: BGRImage) throws -> [DetectedMarker] {
        try image.pixels.withUnsafeBytes {
            try detect(pixels: $0, width: image.width, height: image.height, stride: image.stride)
        }
    }

    private func detect(pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int) throws -> [DetectedMarker] {
        guard pixels.count >= stride * height else {
            throw HingeCheckError(.invalidArgument, "frame buffer smaller than its size")
        }
        let base = pixels.baseAddress?.assumingMemoryBound(to: UInt8.self)
        while true {
            var count: Int32 = 0
            let capacity = Int32(buffer.count)
            let status = buffer.withUnsafeMutableBufferPointer {
                hc_markers_detect(raw, base, Int32(width), Int32(height), Int32(stride), $0.baseAddress, capacity, &count)
            }
            try check(status, path: nil, detail: errorText)
            if count > capacity {  // rare: many markers (or false matches) in view
                buffer = [hc_marker](repeating: hc_marker(), count: Int(count))
                continue
            }
            return buffer.prefix(Int(count)).map { m in
                let c = withUnsafeBytes(of: m.corners) { Array($0.bindMemory(to: Float.self)) }
                return DetectedMarker(id: Int(m.id),
                                      corners: (0..<4).map { Point2(Double(c[2 * $0]), Double(c[2 * $0 + 1])) },
                                      center: Point2(Double(m.center_x), Double(m.center_y)))
            }
        }
    }
}
