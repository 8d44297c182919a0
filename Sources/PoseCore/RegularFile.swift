import Foundation

/// Refuses inputs that exist but are not regular files, before anything opens them.
///
/// Opening a FIFO nobody writes to blocks forever (OpenCV's `VideoCapture::open`, `Data(contentsOf:)`),
/// and a character device such as /dev/zero never ends: a person sees a hang, not an error.
public enum RegularFile {
    /// Throws unless `path` is a regular file (or a link to one). A missing path passes: the
    /// caller's own "no such file" error, with its hint, says it better.
    /// - Parameters:
    ///   - path: the input as given.
    ///   - what: what was expected, for the message ("a video file").
    /// - Throws: `.badInput` naming the path, what it is instead and what to give.
    public static func check(_ path: String, expected what: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
        case S_IFDIR: kind = "a directory"
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFSOCK: kind = "a socket"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        default: kind = "not a regular file"
        }
        throw HingeCheckError(.badInput, "is \(kind), expected \(what)", path: path,
                              hint: kind == "a directory"
                                  ? "give a file inside it"
                                  : "give a regular file: a pipe or device would be waited on forever or never end; save a stream to a file first")
    }
}
