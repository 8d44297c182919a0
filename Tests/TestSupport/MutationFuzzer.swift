/// Seeded random mutation of a valid file, shared by the fuzz tests (importers, the whole
/// import → analysis → export path, the profile and config readers): the same seed always gives
/// the same mutated inputs, so a failure found once is found again on every run.
public struct MutationFuzzer {
    /// SplitMix64 (Steele et al. 2014): tiny, deterministic on every platform, unlike
    /// `SystemRandomNumberGenerator`.
    public struct SplitMix64: RandomNumberGenerator {
        public var state: UInt64
        public init(state: UInt64) { self.state = state }
        public mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// What mutations insert: separators, the numbers parsers get wrong (NaN and infinity
    /// spellings, exponents past Double's range, the largest finite values, denormals, digits
    /// past Int's range), JSON punctuation and literals, bytes that are not UTF-8, and the
    /// names importers look for.
    public static let tokens: [[UInt8]] = [
        ",", "\t", "\n", "\r\n", "\"", "-", ".", "e", "9", "0", "nan", "NaN", "inf", "Infinity", "-Infinity", "1e309", "1e400",
        "1e308", "-1.7976931348623157e308", "-1", "99999999999999999999", "{", "}", "[", "]", ":", "null", "true", "false",
        "\u{0}", "é", "T12/L1", "left_hip", "Frame#", "-0", "1e-320", "1e-300", "\"\"", ",,,,", "\t\t\t", "=", "[[", "'",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3]]

    public var rng: SplitMix64

    public init(seed: UInt64) {
        rng = SplitMix64(state: seed)
    }

    /// `input` with one to four random edits: a cut, an inserted token, the rest of the file
    /// dropped, a random byte, a number replaced by a token, a line duplicated or dropped.
    public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !b.isEmpty else { b = Self.tokens.randomElement(using: &rng)!; continue }
            let at = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...20, using: &rng)))
            case 1: b.insert(contentsOf: Self.tokens.randomElement(using: &rng)!, at: at)
            case 2: b.removeSubrange(at...)
            case 3: b[at] = UInt8.random(in: 0...255, using: &rng)
            case 4, 5:
                // Replace a number (a run of digits) with a token: most of a landmark file is numbers.
                var s = at
                while s < b.count, !(48...57).contains(b[s]) { s += 1 }
                var e = s
                while e < b.count, (48...57).contains(b[e]) || b[e] == 46 { e += 1 }
                if s < b.count { b.replaceSubrange(s..<e, with: Self.tokens.randomElement(using: &rng)!) }
            default:
                // Duplicate or drop a line.
                let lines = b.split(separator: 10, omittingEmptySubsequences: false)
                guard lines.count > 1 else { continue }
                var l = Array(lines)
                let i = Int.random(in: 0..<l.count, using: &rng)
                if Bool.random(using: &rng) { l.insert(l[i], at: Int.random(in: 0...l.count, using: &rng)) } else { l.remove(at: i) }
                b = Array(l.joined(separator: [10]))
            }
        }
        return b
    }
}
