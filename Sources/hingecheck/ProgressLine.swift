import Foundation
import PoseCore

/// A progress line on stderr for long work: frames done, of how many, rate and ETA. Redraws in
/// place on a terminal; prints a plain line every few seconds otherwise (logs, CI).
final class ProgressLine {
    let label: String
    let total: Int?
    let enabled: Bool
    private let start = Date()
    private var lastPrint = Date.distantPast
    private let isTTY = isatty(STDERR_FILENO) != 0

    init(label: String, total: Int?, enabled: Bool = true) {
        self.label = label
        self.total = total
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastPrint) >= (isTTY ? 0.2 : 5) else { return }
        lastPrint = now
        emit(done, final: false)
    }

    func finish(_ done: Int) {
        guard enabled else { return }
        emit(done, final: true)
    }

    private func emit(_ done: Int, final: Bool) {
        let elapsed = max(Date().timeIntervalSince(start), 1e-6)
        let rate = Double(done) / elapsed
        var text = "\(label): \(done)"
        if let total, total > 0 {
            let pct = min(100, 100 * Double(done) / Double(total))
            let width = 24, filled = min(width, max(0, Int(clampingRounded: Double(width) * pct / 100, .towardZero)))
            text = "\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total) \(String(format: "%3.0f%%", pct))"
            if !final && rate > 0 { text += String(format: " ETA %.0fs", Double(total - done) / rate) }
        }
        text += String(format: " frames, %.1f fps", rate)
        if final { text += String(format: ", %.1f s", elapsed) }
        FileHandle.standardError.write(Data(((isTTY ? "\r\u{1B}[K" : "") + text + (final || !isTTY ? "\n" : "")).utf8))
    }
}
