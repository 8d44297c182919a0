/// Where a run's time went, stage by stage (`hingecheck analyze --timings`): wall-clock
/// milliseconds summed over the frames (or calls) of each stage. For finding what to speed up;
/// nothing in an analysis depends on it, and its figures vary with the machine's load.
public struct StageTimes: Sendable, Hashable {
    /// One stage: how many frames (or calls) ran it and their summed wall time.
    public struct Stage: Sendable, Hashable {
        public var name: String
        public var count: Int
        public var totalMs: Double

        /// Mean milliseconds per frame (or call) that ran the stage.
        public var meanMs: Double { count > 0 ? totalMs / Double(count) : 0 }
    }

    /// In the order they were first added.
    public private(set) var stages: [Stage] = []

    public init() {}

    /// Adds `ms` (one more frame or call) to the stage called `name`.
    public mutating func add(_ name: String, ms: Double, count: Int = 1) {
        if let i = stages.firstIndex(where: { $0.name == name }) {
            stages[i].count += count
            stages[i].totalMs += ms
        } else {
            stages.append(Stage(name: name, count: count, totalMs: ms))
        }
    }

    /// Every stage of `other` added to these.
    public mutating func merge(_ other: StageTimes) {
        for s in other.stages { add(s.name, ms: s.totalMs, count: s.count) }
    }

    /// The sum of all stages, milliseconds.
    public var totalMs: Double { stages.reduce(0) { $0 + $1.totalMs } }
}

extension Duration {
    /// The duration in milliseconds (for `StageTimes`).
    public var milliseconds: Double {
        Double(components.seconds) * 1e3 + Double(components.attoseconds) * 1e-15
    }
}
