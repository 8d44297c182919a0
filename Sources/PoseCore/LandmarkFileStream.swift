import Foundation

/// Streams a landmark file's frames as they are read (`LandmarkFileReader`); the first bad
/// line's error is thrown once after the frames before it.
public final class LandmarkFileStream: LandmarkStream {
    public var header: LandmarkFileHeader { reader.header }
    private let reader: LandmarkFileReader
    private var pending: LandmarkFileReader.Step?

    init(reader: LandmarkFileReader, first: LandmarkFileReader.Step) {
        self.reader = reader
        pending = first
    }

    public func next() throws -> PoseFrame? {
        let step: LandmarkFileReader.Step
        if let pending {
            step = pending
            self.pending = nil
        } else {
            step = try reader.step()
        }
        switch step {
        case .frame(let f): return f
        case .end: return nil
        case .bad(let error): throw error
        }
    }
}
