import Foundation
import PoseCapture
import PoseCore

/// One input of a batch: a video or a landmark file, with the facts the batch keys on.
public struct BatchInput: Sendable, Hashable, Codable {
    /// What kind of work the input needs.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Decoded and run through the pose networks (slow, about 1.5 GB of memory per job).
        case video
        /// A landmark file (.jsonl or an importer's format): no network runs (cheap).
        case landmarks
    }

    /// Absolute, standardised path (symbolic links are not resolved). Sorting, sharding and the
    /// report folder's name all key on it, so every worker of a sharded run must see the inputs
    /// under the same paths (the same mount point).
    public var path: String
    public var kind: Kind
    /// The report folder's name under the batch output folder (`BatchNaming.folderName`).
    public var folderName: String

    public init(path: String) {
        let canonical = BatchInputs.canonicalPath(path)
        self.path = canonical
        kind = BlazePoseSource.videoExtensions.contains(URL(fileURLWithPath: canonical).pathExtension.lowercased()) ? .video : .landmarks
        folderName = BatchNaming.folderName(for: canonical)
    }
}

/// Expands the command line of `hingecheck batch` into a sorted list of inputs.
///
/// - A folder is searched recursively for files whose extension is in `extensions` (hidden files
///   and folders, and the batch's own output folder, are skipped).
/// - A `.txt` file is a list: one path per line (relative paths are relative to the list's
///   folder); blank lines and lines starting with `#` are ignored; each line may itself be a
///   folder, a glob or a file.
/// - An argument with `*`, `?` or `[` is a glob (`glob(3)`: per path component, no `**`; use a
///   folder for recursion). Quote it so the shell leaves it to HingeCheck, or let the shell expand it.
/// - Anything else is a file, taken whatever its extension; one that does not exist is kept as
///   an input so that it is reported as failed with its error, like a damaged file.
public enum BatchInputs {
    /// Extensions picked up inside folders by default: the video formats BlazePose reads, and
    /// native landmark files.
    public static var defaultExtensions: Set<String> { BlazePoseSource.videoExtensions.union(["jsonl"]) }

    /// What expansion found.
    public struct Expansion: Sendable {
        /// Sorted by path, without duplicates.
        public var inputs: [BatchInput]
        /// Remarks for people (a glob or folder that matched nothing, an unreadable list).
        public var notes: [String]
    }

    /// - Parameters:
    ///   - arguments: folders, files, globs and `.txt` lists, as typed.
    ///   - extensions: lowercase extensions, without the dot, taken from folders and globs.
    ///   - excluding: folders never searched (the batch's output folder).
    /// - Complexity: one directory walk per folder argument.
    public static func expand(_ arguments: [String], extensions: Set<String> = defaultExtensions,
                              excluding: [String] = []) -> Expansion {
        let excluded = excluding.map { canonicalPath($0) }
        var seen = Set<String>()
        var inputs: [BatchInput] = []
        var notes: [String] = []
        func add(_ path: String) {
            let input = BatchInput(path: path)
            if excluded.contains(where: { input.path == $0 || input.path.hasPrefix($0 + "/") }) { return }
            if seen.insert(input.path).inserted { inputs.append(input) }
        }
        func visit(_ argument: String, base: String?, depth: Int) {
            var path = (argument as NSString).expandingTildeInPath
            if let base, !path.hasPrefix("/") { path = (base as NSString).appendingPathComponent(path) }
            if isGlob(path) {
                let matches = glob(path)
                if matches.isEmpty { notes.append("\(argument): matched no file") }
                for match in matches {
                    if isDirectory(match) { walk(match) } else if extensions.contains(ext(match)) { add(match) }
                }
                return
            }
            if isDirectory(path) {
                walk(path)
                return
            }
            if ext(path) == "txt", depth < 4, FileManager.default.fileExists(atPath: path) {
                guard let data = FileManager.default.contents(atPath: path) else {
                    notes.append("\(argument): cannot read this list of inputs")
                    return
                }
                let folder = (canonicalPath(path) as NSString).deletingLastPathComponent
                for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                    let entry = line.trimmingCharacters(in: .whitespaces)
                    if entry.isEmpty || entry.hasPrefix("#") { continue }
                    visit(entry, base: folder, depth: depth + 1)
                }
                return
            }
            add(path)
        }
        func walk(_ folder: String) {
            let root = canonicalPath(folder)
            if excluded.contains(where: { root == $0 || root.hasPrefix($0 + "/") }) { return }
            let url = URL(fileURLWithPath: root, isDirectory: true)
            guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isDirectoryKey],
                                                              options: [.skipsHiddenFiles]) else {
                notes.append("\(folder): cannot list this folder")
                return
            }
            var found = 0
            for case let item as URL in walker {
                let path = canonicalPath(item.path)
                if excluded.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
                    walker.skipDescendants()
                    continue
                }
                if (try? item.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true { continue }
                if extensions.contains(ext(path)) {
                    add(path)
                    found += 1
                }
            }
            if found == 0 { notes.append("\(folder): no file with extension \(extensions.sorted().joined(separator: ", "))") }
        }
        for argument in arguments { visit(argument, base: nil, depth: 0) }
        inputs.sort { $0.path < $1.path }
        return Expansion(inputs: inputs, notes: notes)
    }

    /// Absolute and standardised (`.`/`..` removed, `~` expanded), relative to the working folder.
    public static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: (path as NSString).expandingTildeInPath).standardizedFileURL.path
    }

    static func ext(_ path: String) -> String { URL(fileURLWithPath: path).pathExtension.lowercased() }

    static func isGlob(_ path: String) -> Bool { path.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    /// `glob(3)` matches, sorted.
    static func glob(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        #if canImport(Glibc)
        let status = Glibc.glob(pattern, 0, nil, &result)
        #else
        let status = Darwin.glob(pattern, 0, nil, &result)
        #endif
        guard status == 0 else { return [] }
        var paths: [String] = []
        for i in 0..<Int(result.gl_pathc) {
            if let p = result.gl_pathv[i] { paths.append(String(cString: p)) }
        }
        return paths.sorted()
    }
}
