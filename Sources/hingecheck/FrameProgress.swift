import Foundation

/// Frames done, of how many, rate and ETA, on the shared `ProgressLine`: what analyze, landmarks
/// and report show while they decode video or run the networks.
///
/// The rate (and the ETA computed from it) appears only once `minRateS` seconds and
/// `minRateFrames` frames have passed: the first frame of a run arrives microseconds after the
/// start, and a rate from that interval reads "349525.3 fps".
struct FrameProgress {
    let label: String
    /// The declared frame count, when known.
    let total: Int?
    let line: ProgressLine
    static let minRateS = 1.0
    static let minRateFrames = 5

    init(label: String, total: Int?, enabled: Bool = true) {
        self.init(label: label, total: total, line: ProgressLine(enabled: enabled, terminalInterval: 0.2, plainInterval: 5))
    }

    init(label: String, total: Int?, line: ProgressLine) {
        self.label = label
        self.total = total
        self.line = line
    }

    /// Shows `done` frames when the line is due.
    func update(_ done: Int) {
        line.update { Self.text(label: label, done: done, total: total, elapsedS: line.elapsed, final: false) }
    }

    func finish(_ done: Int) {
        guard line.enabled else { return }
        line.finish(Self.text(label: label, done: done, total: total, elapsedS: line.elapsed, final: true))
    }

    /// `landmarks [######..................] 120/480  25% ETA 14s, 8.4 fps`; before the rate is
    /// meaningful, `landmarks [....] 1/480   0%` without rate or ETA.
    static func text(label: String, done: Int, total: Int?, elapsedS: Double, final: Bool) -> String {
        let rate: Double? = elapsedS >= minRateS && done >= minRateFrames ? Double(done) / elapsedS : nil
        var text = "\(label): \(done) frames"
        if let total, total > 0 {
            // A container's count can be an estimate: never show more than 100 % or a negative ETA.
            let shownTotal = max(total, done)
            let pct = 100 * Double(done) / Double(shownTotal)
            text = "\(label) \(ProgressLine.bar(pct / 100)) \(done)/\(shownTotal) \(String(format: "%3.0f%%", pct))"
            if !final, let rate, rate > 0 { text += " ETA " + ProgressLine.duration(Double(shownTotal - done) / rate) }
        }
        if let rate { text += String(format: ", %.1f fps", rate) }
        if final { text += String(format: ", %.1f s", elapsedS) }
        return text
    }
}
