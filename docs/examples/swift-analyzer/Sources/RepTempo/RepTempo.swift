import PoseCore

/// One rep's phases, seconds: descent (start → bottom reached), bottom (held within the window
/// of the deepest inclination), ascent (bottom left → end). They add up to the rep's duration.
public struct RepTempo: Sendable, Hashable {
    public var descentS: Double
    public var bottomS: Double
    public var ascentS: Double

    /// nil when no sample with a trunk inclination falls inside the rep.
    /// - Parameter trace: (time, trunk inclination) in time order.
    public init?(rep: Rep, trace: [(time: Double, inclination: Double)], bottomWindowDeg: Double) {
        let inside = trace.filter { $0.time >= rep.startS && $0.time <= rep.endS }
        guard let deepest = inside.map(\.inclination).max() else { return nil }
        let bottom = inside.filter { $0.inclination >= deepest - bottomWindowDeg }
        // `bottom` is not empty: it holds the deepest sample.
        let reached = bottom.first!.time, left = bottom.last!.time
        descentS = reached - rep.startS
        bottomS = left - reached
        ascentS = rep.endS - left
    }
}
