import Foundation

/// Names in a batch: the report folder of each input, the stable hash that names and shards
/// inputs, and the athlete/date/set read from file names.
public enum BatchNaming {
    /// FNV-1a, 64 bits, over the UTF-8 bytes: the same value on every machine and every run
    /// (Swift's `Hasher` is seeded per process, so it cannot be used here).
    public static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }

    /// The report folder's name for an input: its file name without extension, reduced to
    /// `[A-Za-z0-9._-]` and at most 64 characters, then `-` and 8 hex digits of the stable hash
    /// of the whole canonical path. Stable (the same input always gets the same folder, whatever
    /// else is in the batch) and collision-safe (`a/set1.mp4`, `b/set1.mp4` and `a/set1.jsonl`
    /// get different folders).
    /// - Parameter path: the canonical path (`BatchInputs.canonicalPath`).
    public static func folderName(for path: String) -> String {
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var clean = String(stem.unicodeScalars.map { c -> Character in
            switch c {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "_", "-": Character(c)
            default: "_"
            }
        }.prefix(64))
        while clean.hasPrefix(".") { clean.removeFirst() }
        if clean.isEmpty { clean = "input" }
        let hex = String(stableHash(path) & 0xffff_ffff, radix: 16)
        return clean + "-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Athlete, date and set read from a file name such as `anna_2026-11-20_set1.mp4`,
    /// `anna-smith_20261120_set-2.jsonl` or `2026-11-20/anna_set3.mp4`.
    public struct NameFacts: Sendable, Hashable, Codable {
        /// The words before the date in the file name (`anna`, `anna-smith`); nil without a date,
        /// or when the name starts with it and no `_set` part follows a name.
        public var athlete: String?
        /// ISO `YYYY-MM-DD`, from the file name or else from the nearest folder name holding one.
        public var date: String?
        /// The set number from a `set1` / `set-2` / `set_3` word.
        public var set: Int?

        public init(athlete: String? = nil, date: String? = nil, set: Int? = nil) {
            self.athlete = athlete
            self.date = date
            self.set = set
        }
    }

    /// Reads athlete, date and set from `path` (rules in `NameFacts`).
    public static func facts(for path: String) -> NameFacts {
        let url = URL(fileURLWithPath: path)
        let stem = url.deletingPathExtension().lastPathComponent
        var facts = NameFacts()
        if let (date, range) = findDate(in: stem) {
            facts.date = date
            let before = stem[..<range.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "_-. "))
            if !before.isEmpty { facts.athlete = before }
        } else {
            // A date in a folder name: `…/2026-11-20/anna_set1.mp4`; the athlete is then the
            // file name's first word before a `set` word.
            for folder in url.deletingLastPathComponent().pathComponents.reversed() {
                if let (date, _) = findDate(in: folder) { facts.date = date; break }
            }
            if facts.date != nil, let setRange = findSet(in: stem)?.range {
                let before = stem[..<setRange.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: "_-. "))
                if !before.isEmpty { facts.athlete = before }
            }
        }
        facts.set = findSet(in: stem)?.number
        return facts
    }

    /// The first `YYYY-MM-DD`, `YYYY_MM_DD` or `YYYYMMDD` that is a plausible date, not part of a
    /// longer number.
    static func findDate(in text: String) -> (String, Range<String.Index>)? {
        let chars = Array(text)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from >= 0, from + count <= chars.count else { return nil }
            var v = 0
            for c in chars[from..<(from + count)] {
                guard let d = c.wholeNumberValue, c.isASCII else { return nil }
                v = v * 10 + d
            }
            return v
        }
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < chars.count && chars[i].isASCII && chars[i].isNumber }
        var i = 0
        while i < chars.count {
            if !isDigit(i - 1), let y = digits(i, 4), (1900...2999).contains(y) {
                var found: (Int, Int, Int)?
                if i + 10 <= chars.count, chars[i + 4] == chars[i + 7], chars[i + 4] == "-" || chars[i + 4] == "_",
                   let m = digits(i + 5, 2), let d = digits(i + 8, 2), !isDigit(i + 10) {
                    found = (m, d, 10)
                } else if let m = digits(i + 4, 2), let d = digits(i + 6, 2), !isDigit(i + 8) {
                    found = (m, d, 8)
                }
                if let (m, d, length) = found, (1...12).contains(m), (1...31).contains(d) {
                    let start = text.index(text.startIndex, offsetBy: i)
                    let end = text.index(start, offsetBy: length)
                    return (String(format: "%04d-%02d-%02d", y, m, d), start..<end)
                }
            }
            i += 1
        }
        return nil
    }

    /// A `set` word followed by a number (`set1`, `set-2`, `Set_03`) at a word start.
    static func findSet(in text: String) -> (number: Int, range: Range<String.Index>)? {
        let chars = Array(text)
        func isLetter(_ i: Int) -> Bool { i >= 0 && i < chars.count && chars[i].isLetter }
        func isDigit(_ i: Int) -> Bool { i >= 0 && i < chars.count && chars[i].isASCII && chars[i].isNumber }
        var i = 0
        while i + 3 <= chars.count {
            if String(chars[i..<(i + 3)]).lowercased() == "set", !isLetter(i - 1) {
                var j = i + 3
                if j < chars.count, "-_ ".contains(chars[j]) { j += 1 }
                var number = 0, count = 0
                while isDigit(j), count < 6 { number = number * 10 + chars[j].wholeNumberValue!; j += 1; count += 1 }
                if count > 0 {
                    let start = text.index(text.startIndex, offsetBy: i)
                    return (number, start..<text.index(start, offsetBy: j - i))
                }
            }
            i += 1
        }
        return nil
    }
}
