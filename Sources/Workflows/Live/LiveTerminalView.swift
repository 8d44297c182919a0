import Foundation
import PoseCore

/// The live view without a window: rep count, movement state, current trunk and lumbar values,
/// the cue, and events as they happen. On a terminal the status block is redrawn in place
/// (ANSI cursor movement) at most `redrawInterval` apart; otherwise (a pipe, a log, CI) it
/// prints plain lines: each rep once when it ends (with its flagged moment, if any, carrying the
/// rep's final deciding value), and a status line every `plainInterval` seconds.
///
/// A flagged moment is printed with its rep, not when it first appears: while a rep is under way
/// the analyzers re-judge it as frames come in, and its moment's start, end and value change
/// (printing each version read as three losses). The immediate cue is the "!! lumbar curve lost"
/// line, once per confirmed cue.
///
/// Called from the processing and capture tasks: what is on the screen is changed under one
/// lock (`screen`), so a note never lands in the middle of a redrawn block.
public final class LiveTerminalView: Sendable {
    /// What has been drawn and announced so far.
    private struct Screen {
        var lastDraw = -TimeInterval.infinity
        var linesDrawn = 0
        var announcedReps = 0
        var announcedEvents: Set<String> = []
        var lastBanner = LiveBanner.none
        var lastState: LiveState?
    }

    private let screen = LockedValue(Screen())
    private let sink: @Sendable (String) -> Void
    private let outputDescriptor: Int32
    public let isTTY: Bool
    private let redrawInterval: Double
    private let plainInterval: Double
    /// Seconds, monotonic (simulated in tests): when the block or status line is due.
    private let clock: @Sendable () -> TimeInterval

    public convenience init(output: FileHandle = .standardOutput, isTTY: Bool? = nil, redrawInterval: Double = 0.2,
                            plainInterval: Double = 5) {
        self.init(isTTY: isTTY ?? (isatty(output.fileDescriptor) != 0), redrawInterval: redrawInterval,
                  plainInterval: plainInterval, descriptor: output.fileDescriptor, sink: { output.write(Data($0.utf8)) })
    }

    /// - Parameters:
    ///   - clock: seconds, monotonic; decides when the block or status line is due (simulated in
    ///     tests; the default is the system's uptime clock).
    ///   - descriptor: the terminal whose width the block is cut to (-1: 80 columns).
    ///   - sink: where the text goes.
    public init(isTTY: Bool, redrawInterval: Double = 0.2, plainInterval: Double = 5,
                clock: @escaping @Sendable () -> TimeInterval = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 },
                descriptor: Int32 = -1, sink: @escaping @Sendable (String) -> Void) {
        self.sink = sink
        self.outputDescriptor = descriptor
        self.isTTY = isTTY
        self.redrawInterval = redrawInterval
        self.plainInterval = plainInterval
        self.clock = clock
    }

    /// A line for people (camera lost, calibration done, ...), printed above the status block.
    public func note(_ text: String) {
        screen.withLock { screen in
            clearBlock(&screen)
            write(text + "\n")
            if isTTY, let lastState = screen.lastState { drawBlock(lastState, on: &screen) }
        }
    }

    /// The newest state; redraws when due and prints the reps and cues that are new.
    public func update(_ state: LiveState) {
        screen.withLock { screen in
            screen.lastState = state
            let lines = newLines(state, on: &screen)
            let now = clock()
            if isTTY {
                if !lines.isEmpty {
                    clearBlock(&screen)
                    write(lines.joined(separator: "\n") + "\n")
                    drawBlock(state, on: &screen)
                    screen.lastDraw = now
                } else if now - screen.lastDraw >= redrawInterval {
                    clearBlock(&screen)
                    drawBlock(state, on: &screen)
                    screen.lastDraw = now
                }
            } else {
                if !lines.isEmpty { write(lines.joined(separator: "\n") + "\n") }
                if now - screen.lastDraw >= plainInterval {
                    write(Self.statusLine(state) + "\n")
                    screen.lastDraw = now
                }
            }
        }
    }

    /// What `state` adds to the log: each rep that ended since the last call, once, followed by
    /// its flagged moment; moments outside any rep once each; the confirmed cue when it starts.
    private func newLines(_ state: LiveState, on screen: inout Screen) -> [String] {
        var lines: [String] = []
        let closed = state.reps.filter { $0.verdict != "in progress" && $0.index <= state.repCount }
        for row in closed where row.index > screen.announcedReps {
            lines.append(Self.repLine(row))
            if let event = state.events.last(where: { $0.repIndex == row.index }) { lines.append(Self.eventLine(event)) }
            screen.announcedReps = row.index
        }
        for e in state.events where e.repIndex == nil {
            if screen.announcedEvents.insert(String(format: "%.2f", e.startS)).inserted { lines.append(Self.eventLine(e)) }
        }
        if state.banner != screen.lastBanner {
            if state.banner == .confirmed { lines.append(String(format: "%7.2f s  !! lumbar curve lost under load", state.timeS)) }
            screen.lastBanner = state.banner
        }
        return lines
    }

    static func eventLine(_ e: LiveState.EventRow) -> String {
        String(format: "%7.2f s  POSTURE LOST  %@", e.startS, e.message)
    }

    /// Final state: the block once more (TTY) or a last status line.
    public func finish(_ state: LiveState) {
        update(state)
        screen.withLock { screen in
            if isTTY {
                clearBlock(&screen)
                for line in Self.block(state) { write(line + "\n") }
                screen.linesDrawn = 0
            } else if clock() - screen.lastDraw > 0.05 {
                write(Self.statusLine(state) + "\n")
            }
        }
    }

    static func repLine(_ r: LiveState.RepRow) -> String {
        var text = String(format: "%7.2f s  rep %d %@", r.endS, r.index, r.verdict)
        if let t = r.peakTrunkInclinationDeg { text += String(format: "  trunk %.0f°", t) }
        // The value that decided the verdict, as in `analyze`'s table (+ = more rounded).
        if let d = r.decidingText { text += (r.peakLumbarFlexionDeg != nil ? "  lumbar flexion " : "  lower back ") + d }
        if r.postureLostS > 0 { text += String(format: "  lost %.2f s", r.postureLostS) }
        if r.partial { text += "  (partial)" }
        return text
    }

    static func value(_ v: Double?, _ format: String = "%.1f°") -> String { v.map { String(format: format, $0) } ?? "—" }

    static func statusLine(_ s: LiveState) -> String {
        String(format: "%7.2f s  %@  reps %d  %@  trunk %@  %@ %@ (limit %@)  %@  | %.1f fps, %d dropped, p95 %.0f ms",
               s.timeS, s.phase, s.repCount, s.movement, value(s.trunkInclinationDeg), s.measureName.lowercased(),
               value(s.lumbarMeasureDeg, "%+.1f°"), value(s.thresholdDeg, "%+.1f°"), bannerText(s.banner),
               s.stats.processingFPS, s.stats.framesDropped, s.stats.latencyP95Ms)
    }

    static func bannerText(_ b: LiveBanner) -> String {
        switch b {
        case .none: "ok"
        case .provisional: "checking..."
        case .confirmed: "LUMBAR CURVE LOST"
        }
    }

    static func block(_ s: LiveState) -> [String] {
        var lines: [String] = []
        lines.append(String(format: "HingeCheck live  %@  %@  %.1f s", s.landmarks, s.phase, s.timeS))
        if s.phase == "calibrating" { lines.append("  " + s.calibration) }
        let rep = s.currentRep.map { "rep \($0) under way" } ?? s.movement
        lines.append("  reps done: \(s.repCount)   \(rep)")
        var values = "  trunk \(value(s.trunkInclinationDeg))   \(s.measureName.lowercased()) \(value(s.lumbarMeasureDeg, "%+.1f°")) (limit \(value(s.thresholdDeg, "%+.1f°")))"
        // Markerless, the measure is the lower-back angle itself: a second name for it would
        // read as a second value. With markers the raw lumbar angle differs from the flexion.
        if s.showsLumbarAngle { values += "   lumbar angle \(value(s.lumbarAngleDeg, "%+.1f°"))" }
        lines.append(values)
        let cue = s.banner == .confirmed ? "\u{1B}[41;97m LUMBAR CURVE LOST UNDER LOAD \u{1B}[0m"
            : s.banner == .provisional ? "\u{1B}[43;30m checking: lumbar curve slipping \u{1B}[0m" : "back ok"
        lines.append("  \(cue)")
        lines.append(String(format: "  %.1f fps, %d of %d frames dropped, latency p50 %.0f ms p95 %.0f ms",
                            s.stats.processingFPS, s.stats.framesDropped, s.stats.framesCaptured, s.stats.latencyP50Ms, s.stats.latencyP95Ms))
        for n in s.notices.suffix(2) { lines.append("  note: \(n)") }
        lines.append("  Ctrl-C stops and writes what was recorded")
        return lines
    }

    private func drawBlock(_ state: LiveState, on screen: inout Screen) {
        // One terminal row per line (a wrapped line would throw off the cursor-up count).
        let width = max(20, terminalWidth() - 1)
        let lines = Self.block(state).map { Self.truncated($0, visibleWidth: width) }
        write(lines.map { $0 + "\u{1B}[K" }.joined(separator: "\n") + "\n")
        screen.linesDrawn = lines.count
    }

    private func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(outputDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// `text` cut to `visibleWidth` characters, not counting ANSI escape sequences.
    static func truncated(_ text: String, visibleWidth: Int) -> String {
        var out = ""
        var visible = 0
        var inEscape = false
        var cut = false
        for ch in text {
            if inEscape {
                out.append(ch)
                if ch.isLetter { inEscape = false }
                continue
            }
            if ch == "\u{1B}" {
                inEscape = true
                out.append(ch)
                continue
            }
            if visible >= visibleWidth { cut = true; continue }
            out.append(ch)
            visible += 1
        }
        return cut ? String(out.dropLast()) + "…" : out
    }

    private func clearBlock(_ screen: inout Screen) {
        guard isTTY, screen.linesDrawn > 0 else { return }
        write("\u{1B}[\(screen.linesDrawn)F\u{1B}[J")
        screen.linesDrawn = 0
    }

    private func write(_ text: String) { sink(text) }
}
