#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CProcessWait
import Foundation

/// One running external analyser: its stdin and stdout as a line channel with deadlines, its
/// stderr in a temporary file (so a chatty plugin can never block on a full pipe, and its last
/// words can go into the error a person reads).
///
/// Spawned with `posix_spawn` rather than `Process` so that every descriptor is ours to make
/// non-blocking and to close: a deadline must hold even when the plugin stops reading (a full
/// stdin pipe) or never writes, and EOF on stdout must mean the plugin is gone.
final class PluginProcess {
    /// Why talking to the plugin stopped; the caller words it for people, naming the plugin.
    enum Failure: Error, Equatable {
        /// Nothing moved for the whole allowed time.
        case timedOut
        /// The plugin closed its stdout or stdin (exited or crashed) before the exchange ended.
        case closed
        /// A line longer than `maxLineBytes` (a plugin writing without newlines, or binary output).
        case lineTooLong
        /// The operating system refused (errno text).
        case system(String)
    }

    /// Lines longer than this are refused: a runaway plugin cannot fill memory.
    static let maxLineBytes = 1 << 20

    let executable: URL
    private let pid: pid_t
    private var toChild: Int32
    private let fromChild: Int32
    private let stderrFile: URL
    private var received: [UInt8] = []
    private var readEOF = false
    private var exitStatus: Int32?

    /// Starts `executable` with `arguments`.
    /// - Throws: `Failure.system` when it cannot be started (not executable, no interpreter).
    init(executable: URL, arguments: [String] = []) throws {
        self.executable = executable
        Self.ignoreSIGPIPE()
        stderrFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("hingecheck-plugin-\(getpid())-\(UUID().uuidString).stderr")
        var input: [Int32] = [-1, -1], output: [Int32] = [-1, -1]
        guard Self.closeOnExecPipe(&input) else { throw Failure.system(Self.errnoText()) }
        guard Self.closeOnExecPipe(&output) else {
            close(input[0]); close(input[1])
            throw Failure.system(Self.errnoText())
        }
        let errFD = open(stderrFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { close(input[0]); close(output[1]); if errFD >= 0 { close(errFD) } }
        guard errFD >= 0 else {
            close(input[1]); close(output[0])
            throw Failure.system(Self.errnoText())
        }
        do {
            pid = try Self.spawn(executable.path, arguments, stdin: input[0], stdout: output[1], stderr: errFD)
        } catch {
            close(input[1]); close(output[0])
            try? FileManager.default.removeItem(at: stderrFile)
            throw error
        }
        toChild = input[1]
        fromChild = output[0]
        _ = fcntl(toChild, F_SETFL, fcntl(toChild, F_GETFL) | O_NONBLOCK)
        _ = fcntl(fromChild, F_SETFL, fcntl(fromChild, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        terminate()
        if toChild >= 0 { close(toChild) }
        close(fromChild)
        try? FileManager.default.removeItem(at: stderrFile)
    }

    /// A pipe whose ends other children do not inherit: a plugin's stdin must reach EOF when we
    /// close our end. (Glibc's pipe2 is not visible to Swift; the window between pipe and fcntl
    /// matters only if another thread spawns a program at that instant.)
    private static func closeOnExecPipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// A plugin that exits early must give us EPIPE, not a signal that ends HingeCheck.
    private static func ignoreSIGPIPE() { signal(SIGPIPE, SIG_IGN) }

    /// posix_spawn with the three descriptors in place and default signal handling in the child
    /// (an ignored SIGPIPE would otherwise be inherited across exec).
    private static func spawn(_ path: String, _ arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw Failure.system(String(cString: strerror(rc))) }
        return pid
    }

    // MARK: Talking

    /// Writes one line (a newline is added), reading whatever the plugin says meanwhile so that
    /// neither side can block the other on a full pipe.
    /// - Throws: `Failure.timedOut` when the plugin takes nothing for `timeout` seconds,
    ///   `.closed` when it has closed its stdin (exited).
    func send(_ line: String, timeout: Double) throws {
        var bytes = Array((line + "\n").utf8)[...]
        var deadline = Self.deadline(after: timeout)
        while !bytes.isEmpty {
            guard toChild >= 0 else { throw Failure.closed }
            let ready = try wait(writing: true, until: deadline)
            if ready.readable { try readAvailable() }
            guard ready.writable else { continue }
            let n = bytes.withUnsafeBytes { write(toChild, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes = bytes.dropFirst(n)
                deadline = Self.deadline(after: timeout)   // progress: the allowance starts again
            } else if n < 0, errno == EPIPE {
                throw Failure.closed
            } else if n < 0, errno != EAGAIN, errno != EINTR {
                throw Failure.system(Self.errnoText())
            }
        }
    }

    /// The next line the plugin wrote (without its newline), or nil at the end of its output.
    /// - Throws: `Failure.timedOut` when no whole line comes within `timeout` seconds,
    ///   `.lineTooLong` for a line over `maxLineBytes`.
    func receive(timeout: Double) throws -> String? {
        let deadline = Self.deadline(after: timeout)
        while true {
            if let line = try takeLine() { return line }
            if readEOF {
                guard !received.isEmpty else { return nil }
                defer { received.removeAll() }    // a last line without its newline still counts
                return String(decoding: received, as: UTF8.self)
            }
            let ready = try wait(writing: false, until: deadline)
            if ready.readable { try readAvailable() }
        }
    }

    /// Tells the plugin no more input is coming (EOF on its stdin).
    func closeInput() {
        if toChild >= 0 { close(toChild) }
        toChild = -1
    }

    /// Waits up to `grace` seconds for the plugin to exit by itself, then kills it.
    /// - Returns: how it ended, for people: "exited with status 3", "was killed by signal 11 (SIGSEGV)".
    @discardableResult
    func finish(grace: Double) -> String {
        closeInput()
        reap()
        if exitStatus == nil {
            // Sleeps in poll(2) on the child's pidfd until it exits or the grace runs out.
            let deadline = Self.deadline(after: grace)
            var status: Int32 = 0
            let waited = hc_wait_child(pid, Int32(clampingRounded: grace * 1000, .up), &status)
            if waited == 1 { exitStatus = status }
            // -1: a kernel without pidfds (before Linux 5.3): ask again every 5 ms, within the same grace.
            while waited < 0, exitStatus == nil, Self.now() < deadline {
                usleep(5_000)
                reap()
            }
        }
        if exitStatus == nil { terminate() }
        return Self.describe(exitStatus ?? 0)
    }

    /// How it ended so far; nil while it runs.
    var endText: String? {
        reap()
        return exitStatus.map(Self.describe)
    }

    /// The last lines the plugin wrote to stderr (at most `limit` characters), for error messages.
    func stderrTail(limit: Int = 400) -> String? {
        // Only the end is read: a plugin may have logged megabytes.
        guard let handle = try? FileHandle(forReadingFrom: stderrFile) else { return nil }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: size > 4096 ? size - 4096 : 0)
        guard let data = try? handle.readToEnd(), !data.isEmpty else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : String(text.suffix(limit))
    }

    // MARK: Plumbing

    private func takeLine() throws -> String? {
        if let newline = received.firstIndex(of: UInt8(ascii: "\n")) {
            let line = String(decoding: received[..<newline], as: UTF8.self)
            received.removeSubrange(...newline)
            return line
        }
        if received.count > Self.maxLineBytes { throw Failure.lineTooLong }
        return nil
    }

    private func readAvailable() throws {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fromChild, $0.baseAddress, $0.count) }
            if n > 0 {
                received.append(contentsOf: chunk[..<n])
                if received.count > Self.maxLineBytes, !received.contains(UInt8(ascii: "\n")) { throw Failure.lineTooLong }
            } else if n == 0 {
                readEOF = true
                return
            } else if errno == EAGAIN || errno == EINTR {
                return
            } else {
                throw Failure.system(Self.errnoText())
            }
        }
    }

    /// poll() on stdout (and stdin when writing) until something is ready or the deadline passes.
    private func wait(writing: Bool, until deadline: UInt64) throws -> (readable: Bool, writable: Bool) {
        while true {
            let left = deadline > Self.now() ? deadline - Self.now() : 0
            guard left > 0 else { throw Failure.timedOut }
            var fds = [pollfd(fd: readEOF ? -1 : fromChild, events: Int16(POLLIN), revents: 0)]
            if writing { fds.append(pollfd(fd: toChild, events: Int16(POLLOUT), revents: 0)) }
            if readEOF && !writing { return (false, false) }
            let rc = poll(&fds, nfds_t(fds.count), Int32(min(left / 1_000_000 + 1, 1_000)))
            if rc < 0 {
                if errno == EINTR { continue }
                throw Failure.system(Self.errnoText())
            }
            let hangup = Int16(POLLHUP | POLLERR)
            let readable = fds[0].revents & (Int16(POLLIN) | hangup) != 0
            let writable = writing && fds[1].revents & (Int16(POLLOUT) | hangup) != 0
            if readable || writable { return (readable, writable) }
        }
    }

    private func reap() {
        guard exitStatus == nil else { return }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exitStatus = status }
    }

    private func terminate() {
        reap()
        guard exitStatus == nil else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        if waitpid(pid, &status, 0) == pid { exitStatus = status }
    }

    private static func describe(_ status: Int32) -> String {
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM",
                                      SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGFPE: "SIGFPE", SIGPIPE: "SIGPIPE"]
        return "was killed by signal \(signal)\(names[signal].map { " (\($0))" } ?? "")"
    }

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
    private static func deadline(after seconds: Double) -> UInt64 { now() + UInt64(max(seconds, 0) * 1e9) }
    private static func errnoText() -> String { String(cString: strerror(errno)) }
}
