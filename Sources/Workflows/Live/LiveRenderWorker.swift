import Dispatch
import Foundation
import PoseCapture
import PoseCore

/// Draws the live picture in a task of its own (a child of the session's task group), so drawing
/// and JPEG encoding never delay the next frame's cue. Jobs go through a one-value
/// `LiveFrameStream` (a picture not drawn in time is skipped); each finished picture goes to the
/// window and, while someone watches, to the browser view as JPEG.
final class LiveRenderWorker: Sendable {
    struct Job: Sendable {
        var image: BGRImage
        var pose: PoseFrame
        var sample: KinematicSample
        var analysis: LiveAnalysis
        var state: LiveState
        var capturedAtNs: UInt64
    }

    private let jobs = LiveFrameStream<Job>()
    private let display: LiveDisplay?
    private let broadcast: LiveBroadcast?
    private let jpegQuality: Int

    init(display: LiveDisplay?, broadcast: LiveBroadcast?, jpegQuality: Int) {
        self.display = display
        self.broadcast = broadcast
        self.jpegQuality = jpegQuality
    }

    /// Queues a picture (replacing one not yet drawn).
    func submit(_ job: Job) { jobs.put(job) }

    /// No more pictures: `run()` draws what is queued and returns.
    func finish() { jobs.finish() }

    /// Draws pictures until `finish()` (or the task's cancellation, after what is queued).
    /// - Returns: the capture-to-picture latencies.
    func run() async -> LiveLatency {
        var receiver = jobs.makeReceiver()
        var latency = LiveLatency()
        while let job = await receiver.next() {
            let viewers = broadcast?.wantsFrames ?? false
            guard display != nil || viewers else { continue }
            let picture = LiveRenderer.render(job.image, pose: job.pose, sample: job.sample, analysis: job.analysis, state: job.state)
            display?.show(picture)
            if viewers, let jpeg = try? ImageFile.encodeJPEG(picture, quality: jpegQuality) {
                broadcast?.publish(jpeg: Data(jpeg))
            }
            latency.record(ms: Double(DispatchTime.now().uptimeNanoseconds &- job.capturedAtNs) / 1e6)
        }
        return latency
    }
}
