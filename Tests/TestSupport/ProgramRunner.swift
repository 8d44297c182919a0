import Foundation

/// Runs real programs from tests (ffmpeg, ffprobe, Chromium, the built CLI): one place for the
/// pipes, the time limit and the PATH look-up, shared by every test target.
public enum ProgramRunner {
    /// Runs `executable` with `arguments`, killing it after `timeout` seconds; returns its exit
    /// status and both outputs. stderr is read on another thread so neither pipe fills up and
    /// blocks a chatty program (Chromium).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String],
                           timeout: TimeInterval = 120) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let timer = DispatchWorkItem { if p.isRunning { p.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        defer { timer.cancel() }
        let errData = LockedData()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errData.isSet { usleep(10_000) }
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errData.value, as: UTF8.self))
    }

    /// The program's stdout; throws when it exits non-zero (naming the command and its stderr).
    public static func output(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> String {
        let r = try run(executable, arguments, timeout: timeout)
        guard r.status == 0 else { throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(r.status): \(r.stderr.suffix(400))") }
        return r.stdout
    }

    /// A program that failed.
    public struct Failure: Error, CustomStringConvertible { public var description: String }

    /// The first executable called `name` on PATH.
    public static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Bytes handed from the reading thread (lock-protected).
    final class LockedData: @unchecked Sendable {
        private let lock = NSLock()
        private var data: Data?
        func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
        var isSet: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
        var value: Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
    }
}
