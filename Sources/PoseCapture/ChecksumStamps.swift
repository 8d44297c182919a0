import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Remembers which model files were found whole, so that a run does not re-hash 37 MB of
/// networks that have not changed since (a fifth of a short clip's start-up, and it is paid by
/// every batch input's own process).
///
/// A stamp holds the file's device, inode, size and modification time (to the nanosecond) with
/// the SHA-256 it had. A file whose metadata all match its stamp is taken to still have that
/// SHA-256, as `git` and `make` trust file metadata; any write to it changes its modification
/// time or size and so is hashed again. `hingecheck models status` always hashes.
///
/// Stamps live in one small JSON file (`$XDG_CACHE_HOME/hingecheck/verified-models.json`, else
/// `~/.cache/...`); a missing, unreadable or damaged stamp file only means hashing again, and
/// failing to write it is ignored.
public struct ChecksumStamps: Sendable {
    struct Stamp: Codable, Hashable {
        var device: UInt64
        var inode: UInt64
        var size: Int64
        var mtimeSeconds: Int64
        var mtimeNanoseconds: Int64
        var sha256: String
    }

    /// Where the stamps are kept.
    public let file: URL

    public init(file: URL) {
        self.file = file
    }

    /// The default place, from the environment.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ChecksumStamps {
        let base: URL
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache", isDirectory: true)
        }
        return ChecksumStamps(file: base.appendingPathComponent("hingecheck/verified-models.json"))
    }

    /// The SHA-256 recorded for `path` when its metadata still match the stamp, else nil.
    public func knownSHA256(of path: String) -> String? {
        guard let now = Self.metadata(of: path), let stamp = load()[path] else { return nil }
        var expected = now
        expected.sha256 = stamp.sha256
        return stamp == expected ? stamp.sha256 : nil
    }

    /// Records that `path`, as it is now, has `sha256` (best effort).
    public func record(_ sha256: String, for path: String) {
        guard var stamp = Self.metadata(of: path) else { return }
        stamp.sha256 = sha256
        var all = load()
        guard all[path] != stamp else { return }
        all[path] = stamp
        guard let data = try? JSONEncoder().encode(all) else { return }
        try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? data.write(to: file, options: .atomic)
    }

    private func load() -> [String: Stamp] {
        guard let data = try? Data(contentsOf: file),
              let all = try? JSONDecoder().decode([String: Stamp].self, from: data) else { return [:] }
        return all
    }

    /// The file's identity and modification time (sha256 left empty).
    static func metadata(of path: String) -> Stamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return Stamp(device: UInt64(st.st_dev), inode: UInt64(st.st_ino), size: Int64(st.st_size),
                     mtimeSeconds: Int64(st.st_mtim.tv_sec), mtimeNanoseconds: Int64(st.st_mtim.tv_nsec), sha256: "")
    }
}
