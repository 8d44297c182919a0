import Dispatch
import Foundation
import PoseCapture
import PoseCore

/// The frame source of a live session and the thread its blocking calls run on.
///
/// Opening and reading a camera or a file block (a camera read waits up to a frame interval for
/// the next frame): run as task code they would hold one of the cooperative pool's threads,
/// which are as many as the cores (two on the target machine) and are needed by processing and
/// rendering. So every call into the source runs on a serial dispatch queue of its own (a
/// dedicated thread), and the capture task awaits each result through a continuation: no
/// semaphore and no polling between the read and the task. A read in progress is not
/// interrupted by a stop; the capture task stops after it (a camera answers within a frame).
///
/// The source is touched only on `queue`, hence `@unchecked Sendable`.
public final class LiveSourceReader: @unchecked Sendable {
    private let queue = DispatchQueue(label: "hingecheck.live.capture")
    private let opener: LiveCapture.Opener
    /// Used on `queue` only.
    private var source: (any FrameSource)?

    public init(open: @escaping LiveCapture.Opener) {
        opener = open
    }

    /// Opens the source (again, on a reconnect), replacing the previous one.
    /// - Returns: the opened source's facts.
    /// - Throws: what the opener throws.
    @discardableResult
    public func open(attempt: Int) async throws -> SourceFacts {
        try await onQueue { [self] in
            source = nil
            let opened = try opener(attempt)
            source = opened
            return opened.facts
        }
    }

    /// The next frame (its pixels copied; `capturedAtNs` not set yet); nil at the end.
    /// - Throws: what the source throws.
    public func read() async throws -> LiveCapturedFrame? {
        try await onQueue { [self] in
            guard let source else { return nil }
            return try source.read { view -> LiveCapturedFrame in
                LiveCapturedFrame(image: view.copy(), index: view.index, time: view.time, capturedAtNs: 0)
            }
        }
    }

    /// Closes the source.
    public func close() async {
        _ = try? await onQueue { [self] in source = nil }
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
