import Foundation

/// Where a live session shows what it sees.
public struct LiveSinks: Sendable {
    /// The terminal view (without a window).
    public var terminal: LiveTerminalView?
    /// The browser view's feed.
    public var broadcast: LiveBroadcast?
    /// The sound when the posture is lost.
    public var sound: LiveSoundCue?
    /// Lines for people (calibration, camera lost, ...), besides the terminal view.
    public var note: (@Sendable (String) -> Void)?

    public init(terminal: LiveTerminalView? = nil, broadcast: LiveBroadcast? = nil, sound: LiveSoundCue? = nil,
                note: (@Sendable (String) -> Void)? = nil) {
        self.terminal = terminal
        self.broadcast = broadcast
        self.sound = sound
        self.note = note
    }
}
