import Foundation

/// `live-session.json` in the recording folder: latency, cue changes, calibration, capture.
public struct LiveSessionFile: Codable, Sendable {
    public var input: String
    public var landmarks: String
    public var latency: LiveLatency.Report
    public var renderLatency: LiveLatency.Report?
    public var cues: [LiveOutcome.CueChange]
    public var calibration: String?
    public var reconnects: Int
    public var captureFailure: String?

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }
}
