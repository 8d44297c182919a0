import Foundation
import PoseCore

/// Time stamps for imported frames: from the file when it has them, else index / fps.
enum ImportTiming {
    /// Frames per second from time stamps (median step), or nil with fewer than two.
    static func fps(fromTimes times: [Double]) -> Double? {
        guard times.count >= 2 else { return nil }
        var steps = zip(times.dropFirst(), times).map { $0 - $1 }.filter { $0 > 0 }
        guard !steps.isEmpty else { return nil }
        steps.sort()
        let step = steps[steps.count / 2]
        return step > 0 ? (1 / step * 1000).rounded() / 1000 : nil
    }

    /// The `fps` parameter, checked.
    static func fps(_ settings: PluginSettings) throws -> Double {
        let fps = try settings.number("fps")
        guard fps > 0, fps <= 10_000 else {
            throw HingeCheckError(.invalidArgument, "\(settings.descriptor.id).fps = \(fps) must be above 0 and at most 10000")
        }
        return fps
    }

    static func size(_ settings: PluginSettings, _ name: String) throws -> Int {
        let v = try settings.number(name)
        guard v >= 0, v <= 100_000 else {
            throw HingeCheckError(.invalidArgument, "\(settings.descriptor.id).\(name) = \(v) must be in 0...100000")
        }
        return Int(clampingRounded: v, .towardZero)
    }

    /// Checks that time never goes backwards.
    static func checkOrder(_ frames: [PoseFrame], path: String, where position: (Int) -> String) throws {
        for i in frames.indices.dropFirst() where frames[i].time < frames[i - 1].time {
            throw HingeCheckError(.badInput, "\(position(i)): time goes backwards (\(frames[i].time) s after \(frames[i - 1].time) s)", path: path)
        }
    }
}
