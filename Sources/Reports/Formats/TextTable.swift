import Foundation
import PoseCore

/// Number formatting shared by the text exports: fixed decimals, "." as the decimal point
/// whatever the locale, deterministic bytes.
enum Fixed {
    /// `value` with `digits` decimals; `missing` for nil or non-finite values.
    static func text(_ value: Double?, _ digits: Int, missing: String = "") -> String {
        guard let value, value.isFinite else { return missing }
        let text = String(format: "%.\(digits)f", value)
        // "-0.000" reads as a sign where there is none.
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
        return text
    }
}

/// Safe number parsing for importers: never traps on huge, negative or non-finite input.
enum ParseNumber {
    /// A finite Double, or nil (empty, "nan", "inf", not a number).
    static func double<S: StringProtocol>(_ text: S) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty, let v = Double(t), v.isFinite else { return nil }
        return v
    }

    /// An integer in 0...limit written as an integer ("12") or an integral decimal ("12.0").
    static func index<S: StringProtocol>(_ text: S, limit: Int = 100_000_000) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let i = Int(t) { return (0...limit).contains(i) ? i : nil }
        guard let d = Double(t), d.isFinite, d >= 0, d <= Double(limit), d == d.rounded() else { return nil }
        return Int(clampingRounded: d)
    }
}

/// Reads a text file for an importer, with the errors every importer gives.
enum ImportFile {
    /// The file's text; UTF-8 (a BOM is dropped), else Latin-1.
    /// - Throws: `.notFound`, `.badInput` (a folder, empty), `.io`.
    static func text(_ url: URL, what: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw HingeCheckError(.notFound, "no such file", path: url.path)
        }
        guard !isDir.boolValue else {
            throw HingeCheckError(.badInput, "is a folder, expected \(what)", path: url.path)
        }
        try RegularFile.check(url.path, expected: what)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw HingeCheckError(.io, "cannot read: \(error.localizedDescription)", path: url.path)
        }
        return try decode(data, path: url.path, what: what)
    }

    static func decode(_ data: Data, path: String, what: String) throws -> String {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw HingeCheckError(.badInput, "file is empty", path: path, hint: "expected \(what)")
        }
        if bytes.contains(0) {
            throw HingeCheckError(.badInput, "is a binary file, expected \(what)", path: path)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Lines split on LF, CRLF or CR, with their 1-based numbers.
    static func lines(_ text: String) -> [(number: Int, text: Substring)] {
        var out: [(Int, Substring)] = []
        var n = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            n += 1
            out.append((n, line))
        }
        return out
    }
}

/// A small RFC 4180 CSV reader that keeps line numbers for error messages.
struct CSVRows {
    struct Row {
        /// 1-based line number where the row starts.
        var line: Int
        var cells: [String]
    }
    var rows: [Row]

    /// Parses CSV text (comma separated, double-quoted cells with "" escapes, LF/CRLF).
    /// - Throws: `.badInput` naming the path and line for an unterminated quoted cell.
    init(_ text: String, path: String, separator: Character = ",") throws {
        var rows: [Row] = []
        var cells: [String] = []
        var cell = ""
        var inQuotes = false
        var line = 1
        var rowStart = 1
        var cellWasQuoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func endRow() {
            cells.append(cell)
            if !(cells.count == 1 && cells[0].trimmingCharacters(in: .whitespaces).isEmpty && !cellWasQuoted) {
                rows.append(Row(line: rowStart, cells: cells))
            }
            cells = []
            cell = ""
            cellWasQuoted = false
        }
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { cell.append("\"") } else { inQuotes = false; pending = next }
                    } else { inQuotes = false }
                } else {
                    if c == "\n" || c == "\r\n" || c == "\r" { line += 1 }
                    cell.append(c)
                }
                continue
            }
            switch c {
            case "\"" where cell.isEmpty && !cellWasQuoted:
                inQuotes = true
                cellWasQuoted = true
            case separator:
                cells.append(cell)
                cell = ""
                cellWasQuoted = false
            case "\n", "\r\n", "\r":
                endRow()
                line += 1
                rowStart = line
            default:
                cell.append(c)
            }
        }
        if inQuotes {
            throw HingeCheckError(.badInput, "line \(rowStart): a quoted cell is never closed", path: path)
        }
        if !cell.isEmpty || !cells.isEmpty || cellWasQuoted { endRow() }
        self.rows = rows
    }
}

/// Values from `JSONSerialization`.
enum JSONValue {
    /// A finite number; nil for booleans (which Foundation also gives as NSNumber), strings,
    /// null and anything else.
    static func number(_ any: Any?) -> Double? {
        guard let n = any as? NSNumber, String(cString: n.objCType) != "c" else { return nil }
        let v = n.doubleValue
        return v.isFinite ? v : nil
    }
}
