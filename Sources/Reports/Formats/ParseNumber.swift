import Foundation
import PoseCore

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
