/// The notices a live view shows under its status (camera lost, camera back, calibration done):
/// each for `holdS` seconds of session time after it was posted, and the calibration's outcome
/// also no longer once the first rep starts (it matters before the set, not during it).
///
/// Times are the session's media times (`PoseFrame.time`), not the wall clock: a replayed file
/// or a test source gives the same notices every run.
public struct LiveNotices: Sendable, Hashable {
    public struct Notice: Sendable, Hashable {
        public var text: String
        /// Session time it was posted at, seconds.
        public var postedS: Double
        /// Hidden once a rep has started (the calibration's outcome).
        public var untilFirstRep: Bool
    }

    /// Seconds of session time a notice stays up.
    public var holdS: Double
    /// The newest notices, at most `capacity`.
    public private(set) var notices: [Notice] = []
    static let capacity = 5

    public init(holdS: Double = 5) {
        self.holdS = holdS
    }

    /// Posts `text` at session time `timeS`.
    public mutating func post(_ text: String, at timeS: Double, untilFirstRep: Bool = false) {
        notices.append(Notice(text: text, postedS: timeS, untilFirstRep: untilFirstRep))
        if notices.count > Self.capacity { notices.removeFirst(notices.count - Self.capacity) }
    }

    /// The texts to show at session time `timeS`, oldest first.
    /// - Parameter repStarted: whether a rep has started (under way or done).
    public func visible(at timeS: Double, repStarted: Bool) -> [String] {
        notices.filter { timeS - $0.postedS < holdS && !($0.untilFirstRep && repStarted) }.map(\.text)
    }
}
