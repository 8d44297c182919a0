import Foundation
@testable import PoseCapture

/// A fresh temporary folder per test.
func makeTempFolder(_ tag: String = "hc") -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(tag)-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Removes the folder `makeTempFolder` made for `path`, a file a helper wrote there.
func removeTempFolder(holding path: String) {
    try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
}

/// A test frame whose content encodes its index: a flat background whose grey level rises
/// with the index, and a white square that moves 4 px per frame. Large flat areas survive
/// lossy codecs, so pixel values can be checked within a codec tolerance.
func patternFrame(index: Int, width: Int = 320, height: Int = 240) -> BGRImage {
    let grey = UInt8(40 + (index * 5) % 160)
    var image = BGRImage(width: width, height: height, fill: Color(r: grey, g: grey, b: grey))
    image.fillRect(x: Double(20 + 4 * index), y: 100, width: 40, height: 40, color: .white)
    return image
}

/// Writes `count` pattern frames to `path`.
@discardableResult
func writePatternVideo(_ path: String, count: Int, fps: Double = 25, width: Int = 320, height: Int = 240) throws -> String {
    let writer = try VideoWriter(path: path, width: width, height: height, fps: fps)
    for i in 0..<count { try writer.write(patternFrame(index: i, width: width, height: height)) }
    try writer.close()
    return writer.codec
}
