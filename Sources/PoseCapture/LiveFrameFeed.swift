import PoseCore

/// A `FrameSource` over frames handed in from memory, for the live view's processing task.
///
/// In `hingecheck live` one task owns the camera (or file) and puts each frame in a bounded
/// "latest frame" stream; the landmark stream (e.g. `MarkerStream`, which reads frames through
/// the synchronous `FrameSource` protocol) reads them back through this feed. `next` returns
/// the next frame, nil at the end; a feed whose frame has not arrived yet may throw instead
/// (`LiveLandmarker` does, and awaits the frame before asking again), and `read` passes the
/// error on before calling `body`.
///
/// Belongs to one task (not `Sendable`).
public final class LiveFrameFeed: FrameSource {
    /// One frame: owned pixels, its index in the capture and its time in seconds.
    public struct Frame: Sendable {
        public var image: BGRImage
        public var index: Int
        public var time: Double
        public init(image: BGRImage, index: Int, time: Double) {
            self.image = image
            self.index = index
            self.time = time
        }
    }

    public let facts: SourceFacts
    private let next: () throws -> Frame?

    /// - Parameters:
    ///   - facts: the facts of the source the frames come from (size, fps).
    ///   - next: the next frame; nil at the end. It may throw when none is ready (see above).
    public init(facts: SourceFacts, next: @escaping () throws -> Frame?) {
        self.facts = facts
        self.next = next
    }

    public func read<R>(_ body: (borrowing FrameView) throws -> R) throws -> R? {
        guard let frame = try next() else { return nil }
        let image = frame.image
        return try image.pixels.withUnsafeBytes { bytes in
            try body(FrameView(pixels: bytes, width: image.width, height: image.height, stride: image.stride,
                               index: frame.index, time: frame.time))
        }
    }
}
