import Dispatch
import Foundation
import PoseCapture
import PoseCore

/// Draws the live picture on its own thread, so drawing and JPEG encoding never delay the
/// next frame's cue. Jobs go through a one-slot buffer (a picture not drawn in time is
/// skipped); each finished picture goes to the window and, while someone watches, to the
/// browser view as JPEG.
///
/// A lock-protected box, hence `@unchecked Sendable`.
final class LiveRenderWorker: @unchecked Sendable {
    struct Job: Sendable {
        var image: BGRImage
        var pose: PoseFrame
        var sample: KinematicSample
        var analysis: LiveAnalysis
        var state: LiveState
        var capturedAtNs: UInt64
    }

    private let slot = LiveFrameSlot<Job>()
    private let done = DispatchSemaphore(value: 0)
    private let latency = LockedValue(LiveLatency())

    init(display: LiveDisplay?, broadcast: LiveBroadcast?, jpegQuality: Int) {
        let slot = self.slot, done = self.done, latency = self.latency
        let thread = Thread {
            while let job = slot.take() {
                let viewers = broadcast?.wantsFrames ?? false
                guard display != nil || viewers else { continue }
                let picture = LiveRenderer.render(job.image, pose: job.pose, sample: job.sample, analysis: job.analysis, state: job.state)
                display?.show(picture)
                if viewers, let jpeg = try? ImageFile.encodeJPEG(picture, quality: jpegQuality) {
                    broadcast?.publish(jpeg: Data(jpeg))
                }
                let ms = Double(DispatchTime.now().uptimeNanoseconds &- job.capturedAtNs) / 1e6
                latency.withLock { $0.record(ms: ms) }
            }
            done.signal()
        }
        thread.name = "hingecheck.live.render"
        thread.start()
    }

    /// Queues a picture (replacing one not yet drawn).
    func submit(_ job: Job) { slot.put(job) }

    /// Draws what is queued, stops the thread and returns the capture-to-picture latencies.
    func finish() -> LiveLatency {
        slot.close()
        done.wait()
        return latency.get()
    }
}
