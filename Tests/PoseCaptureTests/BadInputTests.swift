import Foundation
import Testing
import PoseCore
@testable import PoseCapture

/// Every bad input gives a `HingeCheckError` that names the input and says what to do.
@Suite struct BadInputTests {
    func expectError(_ code: HingeCheckError.Code, path: String, containing fragment: String,
                     _ open: () throws -> Void) throws {
        let error = try #require(throws: HingeCheckError.self) { try open() }
        #expect(error.code == code)
        #expect(error.path == path)
        #expect(error.message.contains(fragment), "message was: \(error.message)")
        #expect(error.hint?.isEmpty == false)
    }

    @Test func missingFile() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("absent.mp4").path
        try expectError(.notFound, path: path, containing: "no such file") { _ = try VideoFileSource(path: path) }
    }

    @Test func zeroByteFile() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("empty.mp4").path
        FileManager.default.createFile(atPath: path, contents: Data())
        try expectError(.badInput, path: path, containing: "empty") { _ = try VideoFileSource(path: path) }
    }

    @Test func textFileNamedMp4() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("notes.mp4").path
        try Data(String(repeating: "this is not a video\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
        try expectError(.badInput, path: path, containing: "FFmpeg cannot open") { _ = try VideoFileSource(path: path) }
    }

    @Test func truncatedMp4() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = dir.appendingPathComponent("full.mp4").path
        try writePatternVideo(full, count: 60)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
        let half = dir.appendingPathComponent("half.mp4").path
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: half))
        try expectError(.badInput, path: half, containing: "truncated") { _ = try VideoFileSource(path: half) }
    }

    @Test func directoryWhereFileExpected() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try expectError(.badInput, path: dir.path, containing: "directory") { _ = try VideoFileSource(path: dir.path) }
    }

    /// A FIFO nobody writes to made VideoCapture::open wait forever; it is refused before opening.
    @Test func fifoWhereFileExpected() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("pipe.mp4").path
        #expect(mkfifo(path, 0o600) == 0)
        try expectError(.badInput, path: path, containing: "is a FIFO") { _ = try VideoFileSource(path: path) }
    }

    @Test func characterDeviceWhereFileExpected() throws {
        try expectError(.badInput, path: "/dev/zero", containing: "is a character device") { _ = try VideoFileSource(path: "/dev/zero") }
    }

    @Test func folderWithoutImages() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("readme.txt"))
        try expectError(.badInput, path: dir.path, containing: "no images") { _ = try ImageFolderSource(path: dir.path) }
    }

    @Test func cameraThatDoesNotExist() throws {
        try expectError(.notFound, path: "/dev/video57", containing: "no camera") { _ = try CameraSource(index: 57) }
        try expectError(.notFound, path: "/dev/nonexistent-cam", containing: "no camera") {
            _ = try CameraSource(devicePath: "/dev/nonexistent-cam")
        }
    }

    @Test func unwritableVideoFolder() throws {
        let path = "/nonexistent-folder-hc/out.mp4"
        let error = try #require(throws: HingeCheckError.self) { _ = try VideoWriter(path: path, width: 64, height: 64, fps: 30) }
        #expect(error.path == path)
        #expect(error.message.contains("does not exist"))
    }
}
