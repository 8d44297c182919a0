/// A small seeded pseudo-random generator (Steele, Lea & Flood's SplitMix64): the same seed
/// gives the same sequence on every platform and every run, which is what makes generated
/// clips reproducible byte for byte.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// - Parameter seed: any value; 0 is fine.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1) with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform value in [a, b).
    public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * unit()
    }

    /// A generator for a named sub-stream, so adding draws in one place does not shift the
    /// values drawn in another (e.g. per-rep variation vs per-frame noise seeds).
    public static func stream(seed: UInt64, _ label: UInt64) -> SplitMix64 {
        var g = SplitMix64(seed: seed ^ (label &* 0xD6E8_FEB8_6659_FD93))
        _ = g.next()
        return g
    }
}
