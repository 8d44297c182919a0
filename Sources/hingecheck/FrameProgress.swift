import Foundation

/// Frames done, of how many, rate and ETA, on the shared `ProgressLine`: what analyze, landmarks
/// and report show while they decode video or run the networks.
struct FrameProgress {
    let label: String
    let total: Int?
    let line: ProgressLine

    init(label: String, total: Int?, enabled: Bool = true) {
        self.label = label
        self.total = total
        self.line = ProgressLine(enabled: enabled, terminalInterval: 0.2, plainInterval: 5)
    }

    func update(_ done: Int) {
        line.update { text(done, final: false) }
    }

    func finish(_ done: Int) {
        guard line.enabled else { return }
        line.finish(text(done, final: true))
    }

    /// `landmarks [######..................] 120/480  25% ETA 14s frames, 8.4 fps`
    private func text(_ done: Int, final: Bool) -> String {
        let elapsed = line.elapsed
        let rate = Double(done) / elapsed
        var text = "\(label): \(done)"
        if let total, total > 0 {
            let pct = min(100, 100 * Double(done) / Double(total))
            text = "\(label) \(ProgressLine.bar(pct / 100)) \(done)/\(total) \(String(format: "%3.0f%%", pct))"
            if !final && rate > 0 { text += String(format: " ETA %.0fs", Double(total - done) / rate) }
        }
        text += String(format: " frames, %.1f fps", rate)
        if final { text += String(format: ", %.1f s", elapsed) }
        return text
    }
}
