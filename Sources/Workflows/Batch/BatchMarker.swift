import Foundation
import PoseCore
import Reports

/// `done.json`, written last into an input's report folder: the folder is complete only with it.
/// It records which version of the input was analysed (size and modification time) and the
/// summary row, so a resumed run or a merge lists the input without reading the report again.
public struct BatchMarker: Sendable, Hashable, Codable {
    public static let fileName = "done.json"
    public static let schemaName = "hingecheck-batch-done"
    public static let schemaVersion = 1

    /// Size and modification time of an input file.
    public struct Fingerprint: Sendable, Hashable, Codable {
        public var bytes: Int64
        /// Seconds since 1970 (as `stat` reports it, to the nanosecond where the file system has it).
        public var modified: Double

        public init(bytes: Int64, modified: Double) {
            self.bytes = bytes
            self.modified = modified
        }

        /// The file's current fingerprint; nil when it cannot be read.
        public static func of(_ path: String) -> Fingerprint? {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let size = attributes[.size] as? NSNumber, let date = attributes[.modificationDate] as? Date else { return nil }
            return Fingerprint(bytes: size.int64Value, modified: date.timeIntervalSince1970)
        }
    }

    public var schema = BatchMarker.schemaName
    public var schemaVersion = BatchMarker.schemaVersion
    /// The generator string this build writes.
    public static let currentGenerator = "hingecheck \(HingeCheckVersion.current)"
    public var generator = BatchMarker.currentGenerator
    public var input: String
    public var fingerprint: Fingerprint
    public var entry: BatchEntry

    enum CodingKeys: String, CodingKey {
        case schema, schemaVersion = "schema_version", generator, input, fingerprint, entry
    }

    public init(input: String, fingerprint: Fingerprint, entry: BatchEntry) {
        self.input = input
        self.fingerprint = fingerprint
        self.entry = entry
    }

    /// Reads the marker in `folder`; nil when absent or unreadable (the folder then counts as
    /// incomplete and is redone).
    public static func read(in folder: URL) -> BatchMarker? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path),
              let marker = try? JSONDecoder().decode(BatchMarker.self, from: data),
              marker.schema == schemaName, marker.schemaVersion == schemaVersion else { return nil }
        return marker
    }

    /// Writes the marker atomically into `folder`.
    /// - Throws: `.io` naming the file.
    public func write(in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(self), to: folder.appendingPathComponent(Self.fileName))
    }

    /// Whether this marker records a complete analysis of `input` as it is now, by this version
    /// (another version may measure differently: its results are redone, not mixed in), with
    /// every external analyser's results (one that failed is given another chance: the input is
    /// redone, as after any failure).
    public func isComplete(for input: BatchInput, now fingerprint: Fingerprint?) -> Bool {
        self.input == input.path && entry.status == .done && fingerprint == self.fingerprint
            && generator == Self.currentGenerator && entry.failedExternalAnalyzers.isEmpty
    }
}
