import Foundation
import PoseCore
import Workflows

/// The one progress line on stderr that every long command draws (frames of analyze, landmarks
/// and report; inputs of batch).
///
/// On a terminal the line is redrawn in place at most every `terminalInterval`; elsewhere (logs,
/// CI, Slurm and Kubernetes) a plain line is printed at most every `plainInterval`. Lines that must
/// stay (a batch input finished) are printed with `post(_:)` above the redrawn line. Thread-safe:
/// every write happens under `printed`'s lock, so jobs on several threads may update it.
final class ProgressLine: Sendable {
    let enabled: Bool
    /// The clock, in seconds from an arbitrary origin: monotonic in use, simulated in tests.
    let clock: @Sendable () -> TimeInterval
    /// When the work started (on `clock`); rates and elapsed times count from here.
    let start: TimeInterval
    private let isTTY: Bool
    private let interval: TimeInterval
    private let sink: @Sendable (String) -> Void
    /// When the line was last drawn (on `clock`), and its text.
    private let printed = LockedValue<(at: TimeInterval, text: String?)>((-TimeInterval.infinity, nil))

    /// - Parameters:
    ///   - terminalInterval: seconds between redraws on a terminal.
    ///   - plainInterval: seconds between printed lines when stderr is not a terminal.
    ///   - isTTY: whether the output is a terminal (default: stderr's).
    ///   - clock: seconds, monotonic (default: the system's uptime clock, which a change of the
    ///     wall clock does not move).
    ///   - sink: where the text goes (default: stderr).
    init(enabled: Bool = true, terminalInterval: TimeInterval = 0.2, plainInterval: TimeInterval = 5,
         isTTY: Bool = isatty(STDERR_FILENO) != 0, clock: @escaping @Sendable () -> TimeInterval = ProgressLine.uptimeSeconds,
         sink: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.enabled = enabled
        self.isTTY = isTTY
        self.interval = isTTY ? terminalInterval : plainInterval
        self.clock = clock
        self.start = clock()
        self.sink = sink
    }

    /// The system's monotonic clock in seconds.
    @Sendable static func uptimeSeconds() -> TimeInterval { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Seconds since `start` (0 or more).
    var elapsed: TimeInterval { max(clock() - start, 0) }

    /// Shows `text()` unless the last line is more recent than the interval (or `force`).
    /// `text` is only evaluated when the line is drawn.
    func update(force: Bool = false, _ text: () -> String) {
        guard enabled else { return }
        printed.withLock { printed in
            let now = clock()
            guard force || now - printed.at >= interval else { return }
            let line = text()
            printed = (now, line)
            write(isTTY ? "\r\u{1B}[K" + line : line + "\n")
        }
    }

    /// Prints a line that stays (above the redrawn one on a terminal).
    func post(_ line: String) {
        guard enabled else { return }
        printed.withLock { _ in write((isTTY ? "\r\u{1B}[K" : "") + line + "\n") }
    }

    /// Ends the line: prints `text`, or with nil redraws the last line on a terminal so it stays
    /// (elsewhere it was already printed).
    func finish(_ text: String? = nil) {
        guard enabled else { return }
        printed.withLock { printed in
            if let text {
                write((isTTY ? "\r\u{1B}[K" : "") + text + "\n")
            } else if isTTY, let lastText = printed.text {
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

    private func write(_ text: String) { sink(text) }
}
