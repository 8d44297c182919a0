import Foundation

/// HTML text helpers: every string that reaches the page goes through `escape`.
public enum HTMLText {
    /// Escapes `& < > " '` so any text is safe in element content and quoted attributes.
    public static func escape<S: StringProtocol>(_ text: S) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab/newline have no place in a page.
                if c.value < 0x20 && c != "\n" && c != "\t" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// Degrees, whole: "24°"; "–" when unknown.
    static func deg(_ v: Double?, signed: Bool = false, digits: Int = 0) -> String {
        guard let v, v.isFinite else { return "–" }
        var text = Fixed.text(v, digits)
        if signed, Double(text) ?? 0 > 0 { text = "+" + text }
        return text.replacingOccurrences(of: "-", with: "−") + "°"
    }

    /// Seconds with `digits` decimals: "0.83 s".
    static func seconds(_ v: Double?, _ digits: Int = 2) -> String {
        guard let v, v.isFinite else { return "–" }
        return Fixed.text(v, digits) + " s"
    }

    /// A share in [0, 1] as a whole percentage.
    static func percent(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "–" }
        return "\(Int((v * 100).rounded()))%"
    }

    /// "rep 3", "reps 3 and 4", "reps 1, 2 and 5".
    static func repList(_ indices: [Int]) -> String {
        let n = indices.map(String.init)
        switch n.count {
        case 0: return "no rep"
        case 1: return "rep \(n[0])"
        default: return "reps " + n.dropLast().joined(separator: ", ") + " and " + n.last!
        }
    }

    static func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
}
