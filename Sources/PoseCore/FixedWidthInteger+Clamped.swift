extension FixedWidthInteger {
    /// `value` rounded by `rule` and clamped to `Self.min...Self.max`; `nan` for NaN.
    ///
    /// `Int(_:)` stops the process (SIGILL) on NaN, ±infinity and values beyond the type's range,
    /// and the doubles HingeCheck converts come from files and divisions a person controls: a
    /// 1e-300 s time step makes `seconds / dt` infinite, a hand-edited landmark at x = 1e300
    /// makes a pixel index beyond `Int.max`. Every Double→integer conversion in `Sources/` goes
    /// through here (or is guarded right beside it), so hostile numbers give a bounded value
    /// that the caller then checks or clamps further, never a crash.
    ///
    /// - Parameters:
    ///   - value: any Double, including NaN and ±infinity.
    ///   - rule: how to round before converting (`.towardZero` is what `Int(_:)` does).
    ///   - nan: the result for NaN (0 unless the caller knows better).
    /// - Complexity: O(1).
    @inlinable
    public init(clampingRounded value: Double, _ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero, nan: Self = 0) {
        guard !value.isNaN else {
            self = nan
            return
        }
        let rounded = value.rounded(rule)
        // `exactly:` fails only for values outside the range once rounded (±infinity included):
        // comparing with `Double(Self.max)` instead would be wrong for Int64, whose maximum
        // rounds up to 2^63 as a Double, one past the range.
        if let exact = Self(exactly: rounded) {
            self = exact
        } else {
            self = rounded < 0 ? Self.min : Self.max
        }
    }
}
