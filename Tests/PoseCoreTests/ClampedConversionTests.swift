import Testing
import PoseCore

/// `init(clampingRounded:)`: the one Double→integer conversion that never traps.
@Suite struct ClampedConversionTests {
    @Test func nanGivesTheCallersValue() {
        #expect(Int(clampingRounded: .nan) == 0)
        #expect(Int(clampingRounded: .nan, nan: -7) == -7)
        #expect(Int32(clampingRounded: -.nan, nan: 3) == 3)
    }

    @Test func infinitiesAndHugeValuesClampToTheTypesBounds() {
        #expect(Int(clampingRounded: .infinity) == Int.max)
        #expect(Int(clampingRounded: -.infinity) == Int.min)
        #expect(Int(clampingRounded: 1e300) == Int.max)
        #expect(Int(clampingRounded: -1e300) == Int.min)
        // 1 / 1e-300 overflows to +inf: the reproduction of issue 19's tiny time step.
        #expect(Int(clampingRounded: 0.1 / 1e-300) == Int.max)
        #expect(Int32(clampingRounded: 3e9) == Int32.max)
        #expect(Int32(clampingRounded: -3e9) == Int32.min)
        #expect(UInt8(clampingRounded: -4) == 0)
        #expect(UInt8(clampingRounded: 255.6) == 255)
        #expect(UInt64(clampingRounded: -1e-9 * 1e9) == 0)
    }

    /// Double(Int.max) is 2^63, one past Int's range: the edge a naive `<= Double(Int.max)` check
    /// gets wrong.
    @Test func theEdgesOfInt64() {
        #expect(Int(clampingRounded: 9_223_372_036_854_775_808.0) == Int.max)
        #expect(Int(clampingRounded: 9_223_372_036_854_774_784.0) == 9_223_372_036_854_774_784)
        #expect(Int(clampingRounded: -9_223_372_036_854_775_808.0) == Int.min)
    }

    @Test func roundingRules() {
        #expect(Int(clampingRounded: 2.5) == 3)
        #expect(Int(clampingRounded: -2.5) == -3)
        #expect(Int(clampingRounded: 2.7, .towardZero) == 2)
        #expect(Int(clampingRounded: -2.7, .towardZero) == -2)
        #expect(Int(clampingRounded: 2.1, .up) == 3)
        #expect(Int(clampingRounded: -2.1, .down) == -3)
        #expect(Int16(clampingRounded: 32_766.6) == 32_767)
        #expect(Int16(clampingRounded: 40_000) == Int16.max)
    }
}
