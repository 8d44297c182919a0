import Foundation
import PoseCore
import Reports

/// The summary of a batch across its inputs: `batch.json` (machine-readable, what `merge`
/// reads), `summary.csv` and `index.html`. A sharded run writes them with a `.shard-I-of-N`
/// suffix so that workers sharing one output folder do not overwrite each other's.
/// Deterministic: the same rows give the same bytes (no dates or timings inside).
public struct BatchSummary: Sendable, Codable {
    public static let schemaName = "hingecheck-batch"
    public static let schemaVersion = 1

    public var schema = BatchSummary.schemaName
    public var schemaVersion = BatchSummary.schemaVersion
    public var generator = "hingecheck \(HingeCheckVersion.current)"
    /// `I/N` of a shard's own summary; nil for a whole batch or a merge.
    public var shard: String?
    /// Sorted by input path.
    public var entries: [BatchEntry]

    enum CodingKeys: String, CodingKey { case schema, schemaVersion = "schema_version", generator, shard, entries }

    public init(entries: [BatchEntry], shard: BatchShard? = nil) {
        self.entries = entries.sorted { $0.input < $1.input }
        self.shard = shard.flatMap { $0.count > 1 ? $0.description : nil }
    }

    /// Suffix of this summary's file names.
    var fileSuffix: String {
        guard let shard, let s = try? BatchShard(parsing: shard) else { return "" }
        return s.fileSuffix
    }

    /// `summary.csv`: a header line, then one row per input (`BatchEntry.csvColumns`).
    public var csv: String {
        ([BatchEntry.csvColumns.joined(separator: ",")] + entries.map(\.csvRow)).joined(separator: "\n") + "\n"
    }

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes `batch.json`, `summary.csv` and `index.html` (with this summary's shard suffix)
    /// atomically into `folder`.
    /// - Returns: the paths written.
    /// - Throws: `.io` naming the file.
    @discardableResult
    public func write(to folder: URL) throws -> [String] {
        let suffix = fileSuffix
        let files: [(String, Data)] = [
            ("batch\(suffix).json", try jsonData()),
            ("summary\(suffix).csv", Data(csv.utf8)),
            ("index\(suffix).html", Data(BatchIndexPage.render(self).utf8)),
        ]
        var written: [String] = []
        for (name, data) in files {
            let url = folder.appendingPathComponent(name)
            try AtomicFile.write(data, to: url)
            written.append(url.path)
        }
        return written
    }

    /// Reads a `batch*.json`.
    /// - Throws: `.badInput` naming the file when it is not a batch summary.
    public static func read(_ url: URL) throws -> BatchSummary {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw HingeCheckError(.notFound, "cannot read the batch summary", path: url.path)
        }
        guard let summary = try? JSONDecoder().decode(BatchSummary.self, from: data), summary.schema == schemaName else {
            throw HingeCheckError(.badInput, "not a HingeCheck batch summary", path: url.path,
                                  hint: "give the --out folders of `hingecheck batch` runs")
        }
        guard summary.schemaVersion == schemaVersion else {
            throw HingeCheckError(.versionMismatch, "batch summary version \(summary.schemaVersion), this build reads \(schemaVersion)",
                                  path: url.path, hint: "rerun the batch with this version (complete reports are skipped)")
        }
        return summary
    }

    /// One summary from the output folders of several runs or shards.
    ///
    /// Reads every `batch.json` and `batch.shard-*.json` in each folder, and every report folder's
    /// `done.json` (so an input finished by a worker that was killed before writing its summary
    /// is still listed). When an input appears more than once, a complete report wins over a
    /// failure, and one with every external analyser's results over one without. Report links are made relative to `out`.
    /// - Throws: `.notFound` when a folder holds no summary and no complete report.
    public static func merge(_ folders: [URL], into out: URL) throws -> BatchSummary {
        let fm = FileManager.default
        var byInput: [String: BatchEntry] = [:]
        // A complete report wins, one with every external analyser's results first.
        func rank(_ entry: BatchEntry) -> Int {
            entry.status != .done ? 0 : entry.failedExternalAnalyzers.isEmpty ? 2 : 1
        }
        func take(_ entry: BatchEntry, from folder: URL) {
            var entry = entry
            entry.folder = relativePath(from: out, to: folder.appendingPathComponent(entry.folder))
            if let old = byInput[entry.input], rank(old) > rank(entry) { return }
            byInput[entry.input] = entry
        }
        for folder in folders {
            let folder = URL(fileURLWithPath: BatchInputs.canonicalPath(folder.path), isDirectory: true)
            guard let names = try? fm.contentsOfDirectory(atPath: folder.path) else {
                throw HingeCheckError(.notFound, "cannot list the folder", path: folder.path,
                                      hint: "give the --out folders of `hingecheck batch` runs")
            }
            var found = false
            for name in names.sorted() where name.hasPrefix("batch") && name.hasSuffix(".json")
                && (name == "batch.json" || name.hasPrefix("batch.shard-")) {
                for entry in try read(folder.appendingPathComponent(name)).entries { take(entry, from: folder) }
                found = true
            }
            for name in names.sorted() {
                let sub = folder.appendingPathComponent(name)
                guard let marker = BatchMarker.read(in: sub) else { continue }
                var entry = marker.entry
                entry.folder = name
                take(entry, from: folder)
                found = true
            }
            if !found {
                throw HingeCheckError(.notFound, "no batch summary (batch*.json) and no complete report in this folder", path: folder.path,
                                      hint: "give the --out folders of `hingecheck batch` runs")
            }
        }
        return BatchSummary(entries: Array(byInput.values))
    }

    /// `to` relative to the folder `from` (both absolute), with `..` where needed.
    static func relativePath(from base: URL, to target: URL) -> String {
        let a = base.standardizedFileURL.pathComponents, b = target.standardizedFileURL.pathComponents
        var common = 0
        while common < a.count, common < b.count, a[common] == b[common] { common += 1 }
        let parts = Array(repeating: "..", count: a.count - common) + b[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// Inputs per status.
    public func count(_ status: BatchEntry.Status) -> Int { entries.filter { $0.status == status }.count }
}
