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
