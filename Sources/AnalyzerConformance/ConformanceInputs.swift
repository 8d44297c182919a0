import Analyzers
import PoseCore

/// The sample streams the session checks feed an analyser: generated hinge sets with known
/// angles (`SyntheticLift`), turned into samples by the same `KinematicsCalculator` as
/// `AnalysisPipeline`, and finite edge cases a real stream can hold.
public struct ConformanceInputs: Sendable {
    /// One named stream with the header its frames came from.
    public struct Stream: Sendable {
        public var name: String
        public var header: LandmarkFileHeader
        public var samples: [KinematicSample]

        public init(name: String, header: LandmarkFileHeader, samples: [KinematicSample]) {
            self.name = name
            self.header = header
            self.samples = samples
        }
    }

    /// The streams to analyse. The session checks that need one input (settings, determinism) use
    /// the first stream with samples.
    public var streams: [Stream]

    public init(streams: [Stream]) { self.streams = streams }

    /// The standard set: empty, two hinge sets (spine points, and markerless without an outline),
    /// and the edge cases.
    public static func standard() -> ConformanceInputs {
        ConformanceInputs(streams: [empty(), hingeSet(), hingeSet(withSpine: false)] + edgeCases())
    }

    static let header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: 640, height: 480, fps: 30)

    public static func empty() -> Stream { Stream(name: "empty stream", header: header, samples: []) }

    /// Quiet standing, then three reps to 60°: the last loses 25° of lumbar curve.
    public static func hingeSet(withSpine: Bool = true) -> Stream {
        let lift = SyntheticLift(withSpine: withSpine)
        let frames = lift.frames(lift.set(reps: [2, 6, 25]))
        return Stream(name: withSpine ? "hinge set (spine points)" : "hinge set (no spine points)", header: header,
                      samples: samples(of: frames))
    }

    /// Finite but unusual streams: one sample; no person in any frame; a frozen clock; a long gap;
    /// angles at their extremes; a fast set at 240 fps facing left.
    public static func edgeCases() -> [Stream] {
        let lift = SyntheticLift()
        let set = lift.frames(lift.set(standingS: 0.5, reps: [10, 30]))
        var frozen = set, gap = set
        for i in frozen.indices { frozen[i].time = 1 }
        for i in gap.indices where i >= gap.count / 2 { gap[i].time += 1000 }
        let extreme = samples(of: set).map { s -> KinematicSample in
            var s = s
            s.trunkInclinationDeg = s.index % 2 == 0 ? 180 : -180
            s.hipFlexionDeg = 180; s.kneeFlexionDeg = -180; s.lumbarAngleDeg = s.index % 3 == 0 ? 180 : -180
            s.thoracicAngleDeg = 180; s.confidence = s.index % 5 == 0 ? 0 : 1
            return s
        }
        let fast = SyntheticLift(fps: 240, facing: .left)
        let empty = set.map { PoseFrame(index: $0.index, time: $0.time, landmarks: [], spine: [], personScore: 0) }
        return [
            Stream(name: "one sample", header: header, samples: Array(samples(of: set).prefix(1))),
            Stream(name: "no person", header: header, samples: samples(of: empty)),
            Stream(name: "frozen clock", header: header, samples: samples(of: frozen)),
            Stream(name: "1000 s gap", header: header, samples: samples(of: gap)),
            Stream(name: "extreme angles", header: header, samples: extreme),
            Stream(name: "240 fps facing left", header: header,
                   samples: samples(of: fast.frames(fast.set(standingS: 1, reps: [0, 20])))),
        ]
    }

    /// Frames → samples as `AnalysisPipeline` computes them.
    public static func samples(of frames: [PoseFrame]) -> [KinematicSample] {
        var calculator = KinematicsCalculator(settings: KinematicsCalculator.Settings().forImage(of: header))
        return frames.map { calculator.sample($0) }
    }
}
