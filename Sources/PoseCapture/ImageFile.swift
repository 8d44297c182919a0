internal import CPoseShim
import Foundation
import PoseCore

/// Image files and JPEG through the shim (libjpeg for JPEG, OpenCV for other formats).
public enum ImageFile {
    /// Reads any image OpenCV decodes.
    /// - Throws: `HingeCheckError` naming the file (`.notFound`, `.badInput`).
    public static func read(_ path: String) throws -> BGRImage {
        var error = hc_error()
        var pixels: UnsafeMutablePointer<UInt8>?
        var w: Int32 = 0, h: Int32 = 0
        try check(hc_image_read(path, &pixels, &w, &h, &error), path: path, detail: message(of: error))
        defer { hc_buffer_free(pixels) }
        let count = Int(w) * Int(h) * 3
        return BGRImage(width: Int(w), height: Int(h), pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))
    }

    /// Writes an image; the format follows the extension (.png, .jpg, ...).
    public static func write(_ image: BGRImage, to path: String) throws {
        var error = hc_error()
        let status = image.withReadOnlyShimImage { hc_image_write(path, $0, &error) }
        try check(status, path: path, detail: message(of: error), hint: "check that the folder exists and is writable")
    }

    /// Encodes to JPEG with libjpeg; `quality` 1...100.
    public static func encodeJPEG(_ image: BGRImage, quality: Int = 90) throws -> [UInt8] {
        var error = hc_error()
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = image.withReadOnlyShimImage { hc_jpeg_encode($0, Int32(quality), &data, &size, &error) }
        try check(status, path: nil, detail: message(of: error))
        defer { hc_buffer_free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Decodes JPEG bytes with libjpeg.
    /// - Throws: `.badInput` for data that is not a complete JPEG.
    public static func decodeJPEG(_ bytes: [UInt8], name: String? = nil) throws -> BGRImage {
        var error = hc_error()
        var pixels: UnsafeMutablePointer<UInt8>?
        var w: Int32 = 0, h: Int32 = 0
        let status = bytes.withUnsafeBufferPointer { hc_jpeg_decode($0.baseAddress, $0.count, &pixels, &w, &h, &error) }
        try check(status, path: name, detail: message(of: error))
        defer { hc_buffer_free(pixels) }
        return BGRImage(width: Int(w), height: Int(h), pixels: Array(UnsafeBufferPointer(start: pixels, count: Int(w) * Int(h) * 3)))
    }

    /// Resizes (bilinear).
    public static func resized(_ image: BGRImage, width: Int, height: Int) throws -> BGRImage {
        var dst = BGRImage(width: width, height: height)
        var error = hc_error()
        let status = image.withReadOnlyShimImage { s in dst.withShimImage { d in hc_image_resize(s, d, &error) } }
        try check(status, path: nil, detail: message(of: error))
        return dst
    }
}
