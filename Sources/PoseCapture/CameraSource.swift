import PoseCore

/// Frames from a webcam through V4L2, timestamped with a monotonic clock from the first frame.
public final class CameraSource: FrameSource {
    private let handle: ShimSourceHandle

    /// Opens a camera by index (`/dev/videoN`) or by device path.
    /// - Parameters: width, height, fps: requests; 0 keeps the camera's default.
    /// - Throws: `HingeCheckError` `.notFound` when there is no such device, `.badInput` when it
    ///   cannot be opened or delivers no frame.
    public init(index: Int = 0, devicePath: String? = nil, width: Int = 0, height: Int = 0, fps: Double = 0) throws {
        handle = try ShimSourceHandle(input: devicePath ?? "/dev/video\(index)")
        try handle.openCamera(index: index, devicePath: devicePath, width: width, height: height, fps: fps)
    }

    public var facts: SourceFacts { handle.facts }

    public func read<R>(_ body: (borrowing FrameView) throws -> R) throws -> R? {
        try handle.read(body)
    }
}
