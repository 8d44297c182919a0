import Foundation

/// Text written to a file as it is made (`AtomicFile.stream`): a `TextOutputStream`, so the same
/// code fills a `String` or a file. A write error is kept and reported when the file is closed.
public struct TextFileStream: TextOutputStream {
    let file: UnsafeMutablePointer<FILE>
    var failure: String?

    public mutating func write(_ string: String) {
        guard failure == nil else { return }
        var s = string
        s.withUTF8 { bytes in
            guard bytes.count > 0 else { return }
            if fwrite(bytes.baseAddress!, 1, bytes.count, file) != bytes.count { failure = String(cString: strerror(errno)) }
        }
    }
}
