internal import CPoseShim

/// An owned 8-bit BGR image (3 bytes per pixel, rows packed: stride = 3 × width), origin
/// top-left, y down.
public struct BGRImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public var pixels: [UInt8]

    /// A blank image filled with one colour.
    public init(width: Int, height: Int, fill: Color = .black) {
        precondition(width > 0 && height > 0, "image size must be positive")
        self.width = width
        self.height = height
        var row = [UInt8](repeating: 0, count: width * 3)
        for x in 0..<width {
            row[3 * x] = fill.b
            row[3 * x + 1] = fill.g
            row[3 * x + 2] = fill.r
        }
        pixels = [UInt8]()
        pixels.reserveCapacity(width * height * 3)
        for _ in 0..<height { pixels.append(contentsOf: row) }
    }

    /// Wraps existing packed BGR bytes.
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(pixels.count == width * height * 3, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Bytes per row.
    public var stride: Int { width * 3 }

    /// The colour at (x, y).
    public func pixel(x: Int, y: Int) -> Color {
        let i = (y * width + x) * 3
        return Color(r: pixels[i + 2], g: pixels[i + 1], b: pixels[i])
    }

    /// Lends the pixels to a shim call that only reads them (no copy-on-write copy).
    func withReadOnlyShimImage<R>(_ body: (hc_image) throws -> R) rethrows -> R {
        let (w, h, s) = (Int32(width), Int32(height), Int32(stride))
        return try pixels.withUnsafeBufferPointer { buffer in
            try body(hc_image(data: UnsafeMutablePointer(mutating: buffer.baseAddress), width: w, height: h, stride: s))
        }
    }

    /// Lends the pixels to the shim as an `hc_image` it may draw on.
    mutating func withShimImage<R>(_ body: (hc_image) throws -> R) rethrows -> R {
        let (w, h, s) = (Int32(width), Int32(height), Int32(stride))
        return try pixels.withUnsafeMutableBufferPointer { buffer in
            try body(hc_image(data: buffer.baseAddress, width: w, height: h, stride: s))
        }
    }
}

/// An sRGB colour.
public struct Color: Sendable, Hashable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public init(r: UInt8, g: UInt8, b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }
    public static let black = Color(r: 0, g: 0, b: 0)
    public static let white = Color(r: 255, g: 255, b: 255)
    public static let red = Color(r: 230, g: 40, b: 40)
    public static let green = Color(r: 40, g: 200, b: 80)
    public static let yellow = Color(r: 250, g: 210, b: 40)
    public static let cyan = Color(r: 40, g: 200, b: 230)

    var shim: hc_color { hc_color(b: b, g: g, r: r) }
}
