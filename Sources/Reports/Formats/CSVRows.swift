import Foundation
import PoseCore

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
