import Foundation
import PoseCapture
import PoseCore

/// One batch job, as the parent hands it to a child process (`--child-job JSON`).
public struct BatchChildJob: Sendable, Codable, Hashable {
    public var input: BatchInput
    /// OpenCV worker threads for the child (the parent's plan), nil to leave OpenCV's default.
    public var threads: Int?

    public init(input: BatchInput, threads: Int?) {
        self.input = input
        self.threads = threads
    }
}

/// Runs each batch input in a child process of the same executable, so that a crash in one
/// input (a trap, `abort()`, a segfault in OpenCV or FFmpeg, the kernel's out-of-memory killer)
/// ends that input only: it is recorded as its failure, with the signal's name, and the batch
/// goes on. A thrown error was already isolated in-process; a crash took the whole batch down.
///
/// The child (`hingecheck batch ... --child-job JSON`, see `serve`) runs `BatchRunner.analyse`
/// for the one input, writes the report folder and `done.json` itself, and reports on stdout:
/// `frames N` lines (landmark frames so far) and one `entry JSON` line (its summary row). The
/// parent turns a stop (`BatchStopFlag`) into SIGTERM for the child, which stops at its next
/// frame and reports the input as interrupted.
public struct BatchChildProcess: Sendable {
    /// The executable to start (the running one: `/proc/self/exe`).
    public var executable: URL
    /// The child's arguments for a job.
    public var arguments: @Sendable (BatchChildJob) -> [String]

    /// Test hook: a child whose input file is named this calls `abort()` before analysing it,
    /// so tests see a real crash (docs/batch.md).
    public static let crashHookVariable = "HINGECHECK_TEST_CRASH_ON"
    static let framesPrefix = "frames "
    static let entryPrefix = "entry "

    public init(executable: URL, arguments: @escaping @Sendable (BatchChildJob) -> [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    /// The running executable, for re-invoking it.
    public static var currentExecutable: URL {
        let link = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return link.path == "/proc/self/exe" ? URL(fileURLWithPath: CommandLine.arguments[0]) : link
    }

    // MARK: Parent side

    /// Runs `job` in a child and returns its row; never throws (a child that cannot start,
    /// crashes or exits without a row gives a failed row saying so).
    func run(_ job: BatchChildJob, stop: BatchStopFlag, frames: (Int) -> Void) -> BatchEntry {
        var failed = BatchEntry(input: job.input, status: .failed)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments(job)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let errors = StderrTail(err.fileHandleForReading)
        do {
            try process.run()
        } catch {
            failed.error = "cannot start the analysis process \(executable.path): \(error.localizedDescription)"
            return failed
        }
        let forwarder = Self.forwardStop(stop, to: process)
        let entry = Self.readReport(out.fileHandleForReading, frames: frames)
        process.waitUntilExit()
        // At once: Foundation has reaped the child by now, and its pid may be reused. (A stop in
        // the moment between the two would signal that pid: the same window the timer had.)
        stop.removeObserver(forwarder)
        errors.waitForEnd(seconds: 2)
        let detail = errors.lastWords().map { "; its last words: \($0)" } ?? ""
        if process.terminationReason == .uncaughtSignal {
            failed.error = "the analysis of \(job.input.path) crashed (\(Self.signalName(process.terminationStatus))); "
                + "the other inputs went on\(detail). Run `hingecheck analyze` on it alone to see where"
            return failed
        }
        if let entry { return entry }
        failed.error = "the analysis process for \(job.input.path) exited with status \(process.terminationStatus) without a result\(detail)"
        return failed
    }

    /// Reads `frames N` and `entry JSON` lines until the child closes its stdout.
    static func readReport(_ handle: FileHandle, frames: (Int) -> Void) -> BatchEntry? {
        var pending = Data()
        var entry: BatchEntry?
        var seen = 0
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                if line.hasPrefix(framesPrefix), let n = Int(line.dropFirst(framesPrefix.count)), n > seen {
                    frames(n - seen)
                    seen = n
                } else if line.hasPrefix(entryPrefix) {
                    entry = try? JSONDecoder().decode(BatchEntry.self, from: Data(line.dropFirst(entryPrefix.count).utf8))
                }
            }
        }
        return entry
    }

    /// Sends SIGTERM to the child once the batch is asked to stop (Kubernetes and Slurm signal
    /// the parent only; Ctrl-C reaches the whole process group anyway).
    /// - Returns: the stop observer's id, to remove once the child has exited.
    static func forwardStop(_ stop: BatchStopFlag, to process: Process) -> Int {
        let pid = process.processIdentifier
        return stop.onStop { kill(pid, SIGTERM) }
    }

    /// "SIGABRT" for 6, and so on; "signal N" for the rest.
    static func signalName(_ number: Int32) -> String {
        let names: [Int32: String] = [SIGABRT: "SIGABRT", SIGSEGV: "SIGSEGV", SIGILL: "SIGILL", SIGBUS: "SIGBUS",
                                      SIGFPE: "SIGFPE", SIGKILL: "SIGKILL, perhaps out of memory", SIGTRAP: "SIGTRAP",
                                      SIGTERM: "SIGTERM", SIGINT: "SIGINT"]
        return names[number] ?? "signal \(number)"
    }

    // MARK: Child side

    /// The child's whole job: analyses `job.input` into its folder under `options.outputFolder`
    /// and prints `frames N` lines and the `entry JSON` line on stdout.
    public static func serve(_ job: BatchChildJob, registry: PluginRegistry, options: BatchRunner.Options, stop: BatchStopFlag) {
        if let name = ProcessInfo.processInfo.environment[crashHookVariable],
           URL(fileURLWithPath: job.input.path).lastPathComponent == name {
            abort()
        }
        if let threads = job.threads { CaptureLibrary.setThreadCount(threads) }
        let out = URL(fileURLWithPath: BatchInputs.canonicalPath(options.outputFolder), isDirectory: true)
        var total = 0, told = 0
        let entry = BatchRunner.analyse(job.input, registry: registry, options: options, out: out, stop: stop) { n in
            total += n
            // Every 10 frames is plenty for a progress line, and keeps the pipe quiet.
            if total - told >= 10 {
                told = total
                emit(framesPrefix + String(total))
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let json = try? encoder.encode(entry) { emit(entryPrefix + String(decoding: json, as: UTF8.self)) }
    }

    private static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// The end of what a child wrote to stderr, for the failure row (read as it comes, so a chatty
/// child never blocks on a full pipe).
final class StderrTail: Sendable {
    private let tail = LockedValue(Data())
    private let ended = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        let ended = self.ended
        handle.readabilityHandler = { [weak self] h in
            let data = h.availableData
            if data.isEmpty {
                h.readabilityHandler = nil
                ended.signal()
                return
            }
            self?.append(data)
        }
    }

    /// Waits (boundedly) until the child's stderr is closed, so its last lines are in.
    func waitForEnd(seconds: Double) {
        _ = ended.wait(timeout: .now() + seconds)
    }

    private func append(_ data: Data) {
        tail.withLock {
            $0.append(data)
            if $0.count > 4096 { $0.removeFirst($0.count - 4096) }
        }
    }

    /// The line that says what happened: Swift's "Fatal error: ..." or the backtracer's
    /// "*** Program crashed: ...", else the last line.
    func lastWords() -> String? {
        let text = String(decoding: tail.get(), as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let telling = lines.last { $0.contains("Fatal error") } ?? lines.last { $0.hasPrefix("*** Program crashed") } ?? lines.last
        return telling.map { String($0.prefix(300)) }
    }
}
