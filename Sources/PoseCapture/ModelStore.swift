internal import CPoseShim
import Foundation
import PoseCore

/// Where HingeCheck keeps the BlazePose ONNX files, and whether they are the ones
/// `Shims/models/install-models.sh` produces.
///
/// The folder is, in order of precedence: an explicit URL; `$HINGECHECK_MODELS_DIR`;
/// `$XDG_DATA_HOME/hingecheck/models`; `~/.local/share/hingecheck/models` (the same rule as the
/// install script's default destination).
public struct ModelStore: Sendable, Hashable {
    /// One expected model file: its name in the folder, SHA-256 and size from the install script.
    public struct File: Sendable, Hashable, Codable {
        public let name: String
        /// Lowercase hex SHA-256 (install-models.sh `DET_ONNX_SHA256`, `LMK_ONNX_SHA256`,
        /// `LMK_NOMASK_ONNX_SHA256`).
        public let sha256: String
        /// Size in bytes (Shims/models/README.md).
        public let bytes: Int
        /// What it is, for people.
        public let role: String
    }

    /// Which rule picked the folder.
    public enum Origin: String, Sendable, Hashable, Codable {
        case explicit
        case environment = "HINGECHECK_MODELS_DIR"
        case xdgDataHome = "XDG_DATA_HOME"
        case home = "default"
    }

    /// MediaPipe's pose_detection.tflite, converted.
    public static let detector = File(
        name: "pose_detection.onnx",
        sha256: "975243058038005ab7d0755cc8fcd97d0b7f30689b51a94aa3b5336c7c073ff9",
        bytes: 11_876_982, role: "person detector")
    /// MediaPipe's pose_landmark_full.tflite, converted.
    public static let landmark = File(
        name: "pose_landmark_full.onnx",
        sha256: "c142d09acd065bb64a63c3604536bccf862a9bae251dce9aae2b619a14828930",
        bytes: 12_701_439, role: "landmark model (full)")
    /// The same landmark network without its segmentation head, for runs that want no mask:
    /// OpenCV 4.6 runs every layer whatever outputs are asked for (Shims/models/README.md).
    public static let landmarkMaskless = File(
        name: "pose_landmark_full_nomask.onnx",
        sha256: "aab0a33f643276e8aabc27ad9095e819447c88bb8d8f1a7338ffe9476af195da",
        bytes: 12_690_575, role: "landmark model (full, without mask head)")
    /// Every file, detector first.
    public static let files = [detector, landmark, landmarkMaskless]
    /// What to tell a person whose models are missing or damaged.
    public static let installHint = "run `hingecheck models install` (or `bash Shims/models/install-models.sh`)"
    /// The hint for this store: a folder given with --dir is named in the command, or the
    /// install would go to the default folder and this one would still be empty.
    public var installHint: String {
        guard origin == .explicit else { return Self.installHint }
        let dir = directory.path
        return "run `hingecheck models install --dir \(dir)` (or `bash Shims/models/install-models.sh \(dir)`)"
    }

    /// The folder holding the files.
    public let directory: URL
    /// How `directory` was chosen.
    public let origin: Origin

    /// Resolves the models folder.
    /// - Parameters:
    ///   - directory: an explicit folder; wins over everything else.
    ///   - environment: the variables to consult (the process environment by default).
    public init(directory: URL? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let directory {
            self.directory = directory.standardizedFileURL
            origin = .explicit
        } else if let dir = environment["HINGECHECK_MODELS_DIR"], !dir.isEmpty {
            self.directory = URL(fileURLWithPath: dir, isDirectory: true).standardizedFileURL
            origin = .environment
        } else if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            self.directory = URL(fileURLWithPath: xdg, isDirectory: true)
                .appendingPathComponent("hingecheck/models", isDirectory: true).standardizedFileURL
            origin = .xdgDataHome
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
                .map { URL(fileURLWithPath: $0, isDirectory: true) }
                ?? FileManager.default.homeDirectoryForCurrentUser
            self.directory = home.appendingPathComponent(".local/share/hingecheck/models", isDirectory: true)
                .standardizedFileURL
            origin = .home
        }
    }

    /// Path of one model file in this folder (whether or not it exists).
    public func url(of file: File) -> URL { directory.appendingPathComponent(file.name) }

    /// The state of one file.
    public struct FileStatus: Sendable, Hashable, Codable {
        public enum State: String, Sendable, Hashable, Codable {
            case ok
            case missing
            case wrongSize = "wrong-size"
            case checksumMismatch = "checksum-mismatch"
            case unreadable
            /// Present with the right size; checksum not computed (`status(checksums: false)`).
            case unverified
        }
        public let name: String
        public let role: String
        public let path: String
        public let state: State
        /// Size found on disk, bytes.
        public let bytes: Int?
        /// SHA-256 found on disk, when computed.
        public let sha256: String?
        public let expectedSHA256: String
    }

    /// The state of the whole folder.
    public struct Status: Sendable, Hashable, Codable {
        public let directory: String
        public let origin: Origin
        public let files: [FileStatus]
        /// True when every file is present and verified.
        public let isReady: Bool

        init(directory: String, origin: Origin, files: [FileStatus]) {
            self.directory = directory
            self.origin = origin
            self.files = files
            isReady = files.allSatisfy { $0.state == .ok }
        }
    }

    /// Looks at each file: present, size, and (by default) SHA-256.
    /// - Parameter stamps: when given, a file whose metadata match its stamp there is not hashed
    ///   again, and a file found whole is stamped (`verify()` passes the standard stamps).
    /// Complexity: reads every file (about 37 MB) when `checksums` is true and no stamp matches.
    public func status(checksums: Bool = true, stamps: ChecksumStamps? = nil) -> Status {
        let files = Self.files.map { file -> FileStatus in
            let path = url(of: file).path
            func make(_ state: FileStatus.State, bytes: Int? = nil, sha: String? = nil) -> FileStatus {
                FileStatus(name: file.name, role: file.role, path: path, state: state, bytes: bytes, sha256: sha,
                           expectedSHA256: file.sha256)
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
                return make(.missing)
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
            guard let size else { return make(.unreadable) }
            guard size == file.bytes else { return make(.wrongSize, bytes: size) }
            guard checksums else { return make(.unverified, bytes: size) }
            if let known = stamps?.knownSHA256(of: path), known == file.sha256 { return make(.ok, bytes: size, sha: known) }
            guard let sha = try? Self.sha256(ofFile: path) else { return make(.unreadable, bytes: size) }
            if sha == file.sha256 { stamps?.record(sha, for: path) }
            return make(sha == file.sha256 ? .ok : .checksumMismatch, bytes: size, sha: sha)
        }
        return Status(directory: directory.path, origin: origin, files: files)
    }

    /// Checks every file and returns their paths.
    /// - Throws: `HingeCheckError` `.model` naming the first missing or damaged file, with the
    ///   install command as the fix.
    /// Complexity: reads every file (about 37 MB; about 0.1 s) unless `stamps` vouch for it
    /// (`ChecksumStamps`: same device, inode, size and modification time as when it was hashed).
    @discardableResult
    public func verify(stamps: ChecksumStamps? = .standard()) throws -> (detector: URL, landmark: URL, landmarkMaskless: URL) {
        for file in status(stamps: stamps).files {
            let what = "the BlazePose \(file.role) \(file.name)"
            switch file.state {
            case .ok, .unverified: continue
            case .missing:
                throw HingeCheckError(.model, "\(what) is not installed in \(directory.path)", path: file.path,
                                      hint: installHint)
            case .wrongSize:
                throw HingeCheckError(.model, "\(what) has \(file.bytes ?? 0) bytes, expected \(Self.expectedBytes(file.name)) (damaged or a different version)",
                                      path: file.path, hint: installHint)
            case .checksumMismatch:
                throw HingeCheckError(.model, "\(what) is damaged or a different version: SHA-256 \(file.sha256 ?? "?"), expected \(file.expectedSHA256)",
                                      path: file.path, hint: installHint)
            case .unreadable:
                throw HingeCheckError(.model, "\(what) cannot be read", path: file.path,
                                      hint: "check its permissions, or \(installHint)")
            }
        }
        return (url(of: Self.detector), url(of: Self.landmark), url(of: Self.landmarkMaskless))
    }

    private static func expectedBytes(_ name: String) -> Int { files.first { $0.name == name }?.bytes ?? 0 }

    /// SHA-256 of a file as 64 lowercase hex digits (the shim's self-contained implementation).
    /// - Throws: `HingeCheckError` `.notFound` / `.badInput` naming the file.
    public static func sha256(ofFile path: String) throws -> String {
        var error = hc_error()
        var hex = [CChar](repeating: 0, count: 65)
        try check(hc_sha256_file(path, &hex, &error), path: path, detail: message(of: error))
        return String(decoding: hex.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
