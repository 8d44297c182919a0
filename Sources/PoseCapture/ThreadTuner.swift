import Foundation

/// Chooses OpenCV's worker-thread count for the networks while a stream runs, from the frames'
/// own measured times (`blazepose.threads = auto`).
///
/// Why: on an idle machine one thread per core is fastest, but when other programs use the cores
/// (a batch worker on a shared cluster node, a browser beside the live view) every layer's
/// parallel loop waits for its slowest thread, and one thread is faster: the issue measured
/// HingeCheck at half MediaPipe's speed with one competing process. A load average cannot tell
/// the two apart (it counts this process too and lags by a minute), so the tuner measures.
///
/// How: after a short warm-up it runs `trialFrames` frames with each candidate (one per core,
/// then one), keeps the faster, and re-tries the other every `exploitFrames` frames, so a machine
/// whose load changes is followed within seconds. Timings are compared per network (with or
/// without the mask head) and frames where the detector ran are left out. The landmarks do not
/// depend on the thread count (each output is summed in the same order), so switching is safe.
public struct ThreadTuner: Sendable {
    /// Thread counts tried, best first on an idle machine.
    public let candidates: [Int]
    public let warmupFrames: Int
    public let trialFrames: Int
    public let exploitFrames: Int

    private enum Phase: Sendable {
        case warmup
        /// Trying `queue`'s candidates in turn, the current one until `until`.
        case trial(queue: [Int], until: Int)
        /// Running the best candidate until `until`.
        case exploit(until: Int)
    }

    /// Smoothed landmark-pass milliseconds per (candidate index, mask network).
    private var mean: [Int: Double] = [:]
    private var frame = 0
    private var current = 0
    private var phase = Phase.warmup
    private var lastMaskNetwork = false

    /// - Parameter cores: the machine's cores (`ProcessInfo.activeProcessorCount`).
    /// Defaults: 8 trial frames (an exponential mean over them settles) per 240 (8 s at 30 fps):
    /// the slower setting costs about 3 % of the frames, measured against 4 % at 12 per 90 under
    /// one competing process (docs/benchmarks.md).
    public init(cores: Int, warmupFrames: Int = 3, trialFrames: Int = 8, exploitFrames: Int = 240) {
        candidates = cores > 1 ? [cores, 1] : [1]
        self.warmupFrames = warmupFrames
        self.trialFrames = trialFrames
        self.exploitFrames = exploitFrames
    }

    /// The thread count for the next frame.
    public mutating func threadsForNextFrame() -> Int {
        guard candidates.count > 1 else { return candidates[0] }
        switch phase {
        case .warmup where frame >= warmupFrames:
            advance(queue: Array(candidates.indices))
        case .trial(let queue, let until) where frame >= until:
            advance(queue: queue)
        case .exploit(let until) where frame >= until:
            advance(queue: candidates.indices.filter { $0 != current })
        default:
            break
        }
        return candidates[current]
    }

    /// The next candidate of a trial round, or, when the round is over, the best one.
    private mutating func advance(queue: [Int]) {
        if let next = queue.first {
            current = next
            phase = .trial(queue: Array(queue.dropFirst()), until: frame + trialFrames)
        } else {
            current = best(for: lastMaskNetwork) ?? current
            phase = .exploit(until: frame + exploitFrames)
        }
    }

    /// Records the frame just processed with `threadsForNextFrame()`'s count.
    public mutating func record(_ timing: BlazePoseTiming) {
        frame += 1
        lastMaskNetwork = timing.maskNetwork
        if case .warmup = phase { return }  // first passes allocate: not representative
        guard timing.detectorMs == 0, timing.landmarkMs > 0 else { return }
        let key = current * 2 + (timing.maskNetwork ? 1 : 0)
        // An exponential mean over about the last 8 frames: fresh enough to follow a change of
        // load, smooth enough that one preempted frame does not decide.
        mean[key] = mean[key].map { $0 + 0.25 * (timing.landmarkMs - $0) } ?? timing.landmarkMs
    }

    /// The candidate chosen so far (its index in `candidates`), for tests.
    public var currentThreads: Int { candidates[current] }

    /// The candidate with the lowest mean for frames of the given network, when every candidate
    /// has one (else for the other network).
    private func best(for maskNetwork: Bool) -> Int? {
        for kind in [maskNetwork, !maskNetwork] {
            let means = candidates.indices.map { mean[$0 * 2 + (kind ? 1 : 0)] }
            if means.allSatisfy({ $0 != nil }) {
                return means.indices.min { means[$0]! < means[$1]! }
            }
        }
        return nil
    }
}
