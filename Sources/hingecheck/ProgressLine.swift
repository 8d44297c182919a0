import Foundation
import PoseCore

/// The one progress line on stderr that every long command draws (frames of analyze, landmarks
/// and report; inputs of batch).
///
/// On a terminal the line is redrawn in place at most every `terminalInterval`; elsewhere (logs,
/// CI, Slurm and Kubernetes) a plain line is printed at most every `plainInterval`. Lines that must
/// stay (a batch input finished) are printed with `post(_:)` above the redrawn line. Thread-safe:
/// a lock serialises the writes, so jobs on several threads may update it.
final class ProgressLine: @unchecked Sendable {   // mutable state only under `lock`
    let enabled: Bool
    /// When the work started; rates and elapsed times count from here.
    let start = Date()
    private let isTTY = isatty(STDERR_FILENO) != 0
    private let interval: TimeInterval
    private let lock = NSLock()
    private var lastPrint = Date.distantPast
    private var lastText: String?

    /// - Parameters:
    ///   - terminalInterval: seconds between redraws on a terminal.
    ///   - plainInterval: seconds between printed lines when stderr is not a terminal.
    init(enabled: Bool = true, terminalInterval: TimeInterval = 0.2, plainInterval: TimeInterval = 5) {
        self.enabled = enabled
        self.interval = isTTY ? terminalInterval : plainInterval
    }

    /// Seconds since `start` (never zero, so it can divide).
    var elapsed: TimeInterval { max(Date().timeIntervalSince(start), 1e-6) }

    /// Shows `text()` unless the last line is more recent than the interval (or `force`).
    /// `text` is only evaluated when the line is drawn.
    func update(force: Bool = false, _ text: () -> String) {
        guard enabled else { return }
        lock.withLock {
            let now = Date()
            guard force || now.timeIntervalSince(lastPrint) >= interval else { return }
            lastPrint = now
            let line = text()
            lastText = line
            write(isTTY ? "\r\u{1B}[K" + line : line + "\n")
        }
    }

    /// Prints a line that stays (above the redrawn one on a terminal).
    func post(_ line: String) {
        guard enabled else { return }
        lock.withLock { write((isTTY ? "\r\u{1B}[K" : "") + line + "\n") }
    }

    /// Ends the line: prints `text`, or with nil redraws the last line on a terminal so it stays
    /// (elsewhere it was already printed).
    func finish(_ text: String? = nil) {
        guard enabled else { return }
        lock.withLock {
            if let text {
                write((isTTY ? "\r\u{1B}[K" : "") + text + "\n")
            } else if isTTY, let lastText {
                write("\r\u{1B}[K" + lastText + "\n")
            }
        }
    }

    /// `[#########...............]`: `fraction` (0…1) of `width` cells filled.
    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = max(0, min(width, Int(clampingRounded: Double(width) * fraction, .towardZero)))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    /// `42s`, `6m18s`, `1h05m`.
    static func duration(_ seconds: Double) -> String {
        // An ETA from a rate near zero can be huge or infinite: clamp, never trap; a negative
        // time (a clock step) reads as 0 s.
        let s = max(0, Int(clampingRounded: seconds))
        if s >= 3600 { return "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m" }
        if s >= 60 { return "\(s / 60)m\(String(format: "%02d", s % 60))s" }
        return "\(s)s"
    }

    private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
