import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A plain TCP connection for sending requests no HTTP client would send (malformed, huge,
/// stalled) and seeing exactly what the server answers and whether it closes.
struct RawHTTPConnection {
    /// How reading ended.
    enum End: Equatable { case closedByServer, reset, timedOut, headersRead }

    struct Answer {
        var text: String
        var end: End
        /// `HTTP/1.1 400 Bad Request` → 400.
        var status: Int? {
            let first = text.split(separator: "\r\n", maxSplits: 1).first ?? ""
            let parts = first.split(separator: " ")
            return parts.count >= 2 && parts[0].hasPrefix("HTTP/1.") ? Int(parts[1]) : nil
        }
    }

    /// Connects to 127.0.0.1:`port`, sends `bytes` (in `pieces`, `pauseS` apart), then reads
    /// until the server closes, resets, or `readTimeoutS` passes without a byte; with
    /// `untilHeaders`, once the answer's header block is in (an upgraded connection stays open,
    /// so waiting for its end would only wait out the timeout).
    static func exchangeBlocking(port: Int, _ bytes: [UInt8], readTimeoutS: Int, untilHeaders: Bool = false) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.init(rawValue: errno) ?? .ECONNREFUSED) }
        var timeout = timeval(tv_sec: readTimeoutS, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }  // the server stopped reading: what it answered is read below
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                received += chunk[0..<n]
                if untilHeaders, String(decoding: received, as: UTF8.self).contains("\r\n\r\n") {
                    return Answer(text: String(decoding: received, as: UTF8.self), end: .headersRead)
                }
                continue
            }
            let end: End = n == 0 ? .closedByServer : (errno == EAGAIN || errno == EWOULDBLOCK ? .timedOut : .reset)
            return Answer(text: String(decoding: received, as: UTF8.self), end: end)
        }
    }

    /// The blocking exchange on a thread of its own: a test's server runs on Swift's
    /// cooperative pool (two threads on two cores), which a blocking `recv` must not hold.
    static func exchange(port: Int, _ text: String, readTimeoutS: Int = 60, untilHeaders: Bool = false) async throws -> Answer {
        try await exchange(port: port, Array(text.utf8), readTimeoutS: readTimeoutS, untilHeaders: untilHeaders)
    }

    static func exchange(port: Int, _ bytes: [UInt8], readTimeoutS: Int = 60, untilHeaders: Bool = false) async throws -> Answer {
        try await offThePool { try exchangeBlocking(port: port, bytes, readTimeoutS: readTimeoutS, untilHeaders: untilHeaders) }
    }
}

/// Runs blocking work (sockets, a child process) on its own thread and awaits it.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
