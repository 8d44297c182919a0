/// Finds the line of a table header or a key in TOML text, for error messages only.
///
/// TOMLKit gives positions for syntax errors but not for the values it returns, so a value that
/// parses but is wrong for its plugin (unknown name, out of range) is located here by a plain
/// scan: a `[name]` header, and a `key =` line between that header and the next one. Lines end in
/// LF or CRLF; keys may be bare or quoted. A key the scan does not find (e.g. written as a dotted
/// key `plugin.key = 1`) has no line and is reported with its file only.
struct ConfigLineFinder {
    /// The file's lines without their line ends.
    private let lines: [Substring]

    init(_ text: String) {
        // In Swift "\r\n" is one Character, and it is a newline: splitting on "\n" alone would
        // leave a CRLF file as one line.
        lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// The trimmed text of a 1-based line, without a trailing comment outside quotes.
    func text(at line: Int) -> String? {
        guard lines.indices.contains(line - 1) else { return nil }
        return Self.stripped(lines[line - 1])
    }

    /// The 1-based line of `[name]`.
    func line(ofTable name: String) -> Int? {
        lines.indices.first { Self.tableName(Self.stripped(lines[$0])) == name }.map { $0 + 1 }
    }

    /// The 1-based line of `key = ...` under `[table]` (nil: before the first table).
    func line(ofKey key: String, inTable table: String?) -> Int? {
        var current: String?
        for (index, raw) in lines.enumerated() {
            let line = Self.stripped(raw)
            if let name = Self.tableName(line) { current = name; continue }
            guard current == table, let equals = line.firstIndex(of: "=") else { continue }
            if Self.unquoted(line[..<equals].trimmingSpaces()) == key { return index + 1 }
        }
        return nil
    }

    /// `[name]` → name (quotes removed); nil for any other line.
    private static func tableName(_ line: String) -> String? {
        guard line.hasPrefix("["), line.hasSuffix("]"), !line.hasPrefix("[[") else { return nil }
        return unquoted(line.dropFirst().dropLast().trimmingSpaces())
    }

    private static func unquoted(_ text: Substring) -> String {
        for quote in ["\"", "'"] where text.count >= 2 && text.hasPrefix(quote) && text.hasSuffix(quote) {
            return String(text.dropFirst().dropLast())
        }
        return String(text)
    }

    /// The line trimmed, with a `#` comment outside quotes removed.
    private static func stripped(_ line: Substring) -> String {
        var quote: Character?
        var end = line.endIndex
        for index in line.indices {
            let c = line[index]
            if let q = quote { if c == q { quote = nil } } else if c == "\"" || c == "'" { quote = c } else if c == "#" { end = index; break }
        }
        return String(line[..<end].trimmingSpaces())
    }
}

private extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return s
    }
}
