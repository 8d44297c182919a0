import Foundation
import PoseCore

/// `print` buffers standard output, and a write that fails there (a full disk, a closed file)
/// is noticed by no one: the command would exit 0 with its JSON cut short. Commands whose
/// product is their standard output write it through here, where a failed write throws.
enum StandardOutput {
    /// Writes `text` and a newline to standard output, after anything `print` still buffers.
    /// - Throws: `.io` naming standard output when the text could not be written.
    static func write(_ text: String) throws {
        fflush(nil)
        do {
            try FileHandle.standardOutput.write(contentsOf: Data((text + "\n").utf8))
        } catch {
            throw HingeCheckError(.io, "could not write the output: \(error.localizedDescription)", path: "standard output",
                                  hint: "check that the disk has room and the file is writable; --report DIR writes the results to files instead")
        }
    }
}
