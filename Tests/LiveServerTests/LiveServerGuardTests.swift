import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import PoseCore
import Workflows
@testable import LiveServer

/// The live view on a real socket: a `LiveWebServer` listening on an ephemeral port, asked by
/// URLSession, curl and raw TCP. Who may look (`Host`, `Origin`, token) and what a malformed,
/// huge or stalled request gets (an answer and a closed connection, not a held one).
@Suite struct LiveServerGuardTests {
    /// A server running in this process until `stop()`.
    final class Running: Sendable {
        let port: Int
        let task: Task<Void, any Error>

        init(settings: LiveServerSettings, limits: RequestGuardHandler.Limits = .init(), broadcast: LiveBroadcast = LiveBroadcast()) async throws {
            var server = try LiveWebServer(settings: settings, broadcast: broadcast)
            server.limits = limits
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            task = Task {
                defer { continuation.finish() }
                try await server.run { continuation.yield($0) }
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                _ = await task.result
                throw CancellationError()
            }
            self.port = port
        }

        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    static func loopback(token: String? = nil, allow: [String] = []) throws -> LiveServerSettings {
        try LiveServerSettings(host: "127.0.0.1", port: 0, token: token, allowedHosts: allow)
    }

    /// curl's status for a GET with extra headers (curl sends them as given, `Host` included).
    static func curlStatus(_ url: String, headers: [String] = []) async throws -> Int {
        try await offThePool { try curlStatusBlocking(url, headers: headers) }
    }

    static func curlStatusBlocking(_ url: String, headers: [String]) throws -> Int {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "120"] + headers.flatMap { ["-H", $0] } + [url]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return Int(text) ?? -1
    }

    static func urlSessionStatus(_ url: String, headers: [String: String] = [:]) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 60
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? -1
    }

    static func upgrade(host: String, origin: String?, path: String = "/ws") -> String {
        var text = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        text += "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        if let origin { text += "Origin: \(origin)\r\n" }
        return text + "\r\n"
    }

    @Test func aForeignHostIsRefusedAndTheLoopbackNamesAreNot() async throws {
        let server = try await Running(settings: Self.loopback(allow: ["studio.local"]))
        let url = "http://127.0.0.1:\(server.port)/state.json"
        // DNS rebinding: the attacker's name resolves to 127.0.0.1, the browser sends its own Host.
        #expect(try await Self.curlStatus(url, headers: ["Host: evil.example:\(server.port)"]) == 403)
        #expect(try await Self.curlStatus(url, headers: ["Host: 127.0.0.1.evil.example"]) == 403)
        #expect(try await Self.curlStatus(url, headers: ["Host: 10.0.0.8:\(server.port)"]) == 403)
        // The bound address, the loopback names and an allowed name: 204 (no state published yet).
        #expect(try await Self.curlStatus(url) == 204)
        #expect(try await Self.curlStatus(url, headers: ["Host: localhost:\(server.port)"]) == 204)
        #expect(try await Self.curlStatus(url, headers: ["Host: [::1]:\(server.port)"]) == 204)
        #expect(try await Self.curlStatus(url, headers: ["Host: Studio.Local:\(server.port)"]) == 204)
        #expect(try await Self.urlSessionStatus("http://localhost:\(server.port)/") == 200)
        await server.stop()
    }

    @Test func anotherSitesPageMayNotUseTheView() async throws {
        let server = try await Running(settings: Self.loopback())
        let base = "http://127.0.0.1:\(server.port)"
        #expect(try await Self.urlSessionStatus(base + "/frame.jpg", headers: ["Origin": "http://evil.example"]) == 403)
        #expect(try await Self.urlSessionStatus(base + "/state.json", headers: ["Origin": "null"]) == 403)
        #expect(try await Self.urlSessionStatus(base + "/video.mjpeg", headers: ["Sec-Fetch-Site": "cross-site"]) == 403)
        #expect(try await Self.urlSessionStatus(base + "/state.json", headers: ["Origin": base]) == 204)
        #expect(try await Self.urlSessionStatus(base + "/state.json", headers: ["Sec-Fetch-Site": "same-origin"]) == 204)

        // The cross-site WebSocket: refused with 403 before any upgrade; the page's own is upgraded.
        let foreign = try await RawHTTPConnection.exchange(port: server.port, Self.upgrade(host: "127.0.0.1:\(server.port)", origin: "http://evil.example"))
        #expect(foreign.status == 403, "\(foreign.text)")
        #expect(foreign.end == .closedByServer)
        let none = try await RawHTTPConnection.exchange(port: server.port, Self.upgrade(host: "127.0.0.1:\(server.port)", origin: "null"))
        #expect(none.status == 403)
        let own = try await RawHTTPConnection.exchange(port: server.port, Self.upgrade(host: "127.0.0.1:\(server.port)", origin: base),
                                                 untilHeaders: true)
        #expect(own.status == 101, "\(own.text)")
        await server.stop()
    }

    @Test func theTokenIsCheckedOnEveryRouteAndOnTheWebSocket() async throws {
        let server = try await Running(settings: Self.loopback(token: "s3cret"))
        let base = "http://127.0.0.1:\(server.port)"
        for path in ["/", "/state.json", "/frame.jpg", "/video.mjpeg", "/nope"] {
            #expect(try await Self.urlSessionStatus(base + path) == 401, "\(path)")
            #expect(try await Self.urlSessionStatus(base + path + "?token=wrong") == 401, "\(path)")
        }
        #expect(try await Self.urlSessionStatus(base + "/?token=s3cret") == 200)
        #expect(try await Self.urlSessionStatus(base + "/state.json", headers: ["Authorization": "Bearer s3cret"]) == 204)
        let host = "127.0.0.1:\(server.port)"
        let noToken = try await RawHTTPConnection.exchange(port: server.port, Self.upgrade(host: host, origin: base))
        #expect(noToken.status == 401, "\(noToken.text)")
        #expect(noToken.text.contains("token"))
        let withToken = try await RawHTTPConnection.exchange(port: server.port, Self.upgrade(host: host, origin: base, path: "/ws?token=s3cret"),
                                                       untilHeaders: true)
        #expect(withToken.status == 101, "\(withToken.text)")
        // A foreign Host is refused before the token is looked at.
        #expect(try await Self.curlStatus(base + "/?token=s3cret", headers: ["Host: evil.example"]) == 403)
        await server.stop()
    }

    /// Each bad request gets its status line and a closed connection (no 20 s wait for it).
    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET /a b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n folded: line\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX: a\u{01}b\r\n\r\n", 400),
        ("GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 12, 13\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000000\r\n\r\n", 413),
        ("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n", 411),
        ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nBad Header\r\n\r\n", 400),
    ])
    func aMalformedRequestIsAnsweredAndClosed(request: String, status: Int) async throws {
        let server = try await Running(settings: Self.loopback())
        let answer = try await RawHTTPConnection.exchange(port: server.port, request)
        #expect(answer.status == status, "\(request.debugDescription) → \(answer.text.debugDescription)")
        #expect(answer.text.contains("Connection: close"))
        #expect(answer.end == .closedByServer, "\(request.debugDescription): \(answer.end)")
        await server.stop()
    }

    @Test func hugeHeadsAndBinaryJunkAreAnsweredAndClosed() async throws {
        let server = try await Running(settings: Self.loopback())
        let huge = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n"
        let big = try await RawHTTPConnection.exchange(port: server.port, huge)
        #expect(big.status == 431, "\(big.text.prefix(200))")
        #expect(big.end == .closedByServer)
        let many = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + (0..<200).map { "X-\($0): 1\r\n" }.joined() + "\r\n"
        let manyAnswer = try await RawHTTPConnection.exchange(port: server.port, many)
        #expect(manyAnswer.status == 431)
        #expect(manyAnswer.end == .closedByServer)
        // A head that never ends (no blank line), bigger than the limit.
        let endless = try await RawHTTPConnection.exchange(port: server.port, "GET / HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: 5_000))
        #expect(endless.status == 431)
        // A TLS ClientHello sent to the plain HTTP port.
        let hello: [UInt8] = [0x16, 0x03, 0x01, 0x00, 0x2F, 0x01, 0x00, 0x00, 0x2B, 0x03, 0x03] + Array(repeating: 0x41, count: 40) + [0x0D, 0x0A, 0x0D, 0x0A]
        let tls = try await RawHTTPConnection.exchange(port: server.port, hello)
        #expect(tls.status == 400)
        #expect(tls.end == .closedByServer)
        await server.stop()
    }

    @Test func aStalledRequestIsAnswered408AndClosed() async throws {
        var limits = RequestGuardHandler.Limits()
        limits.headTimeout = .seconds(1)
        let server = try await Running(settings: Self.loopback(), limits: limits)
        let stalled = try await RawHTTPConnection.exchange(port: server.port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        #expect(stalled.status == 408, "\(stalled.text)")
        #expect(stalled.end == .closedByServer)
        let silent = try await RawHTTPConnection.exchange(port: server.port, "")
        #expect(silent.status == 408)
        await server.stop()
    }

    @Test func keepAliveRequestsAndSmallBodiesStillWork() async throws {
        let server = try await Running(settings: Self.loopback())
        let two = "GET /state.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
            + "GET /state.json HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello"
            + "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        let answer = try await RawHTTPConnection.exchange(port: server.port, two)
        #expect(answer.text.components(separatedBy: "HTTP/1.1 204").count - 1 == 2, "\(answer.text.prefix(300))")
        #expect(answer.text.contains("HTTP/1.1 200"))
        #expect(answer.text.contains("<script>"))
        #expect(answer.end == .closedByServer)
        await server.stop()
    }
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1"), ("LOCALHOST", "localhost"), ("[::1]:80", "::1"), ("studio.local:9", "studio.local"),
    ])
    func hostNamesAreReadFromTheHostHeader(authority: String, name: String) {
        #expect(LiveAccessRule.hostName(ofAuthority: authority) == name)
    }

    @Test(arguments: ["a b", "host:port", "[::1", "[::1]x", "evil.example/path", "", ":80", "user@host"])
    func malformedHostHeadersAreRefused(authority: String) throws {
        #expect(LiveAccessRule.hostName(ofAuthority: authority) == nil)
        let rule = LiveAccessRule(settings: try Self.loopback())
        #expect([400, 403].contains(rule.check(host: authority, origin: nil, fetchSite: nil, token: nil)?.status ?? 0))
    }

    @Test func boundToEveryInterfaceIPAddressesPassAndNamesNeedAllowHost() throws {
        let rule = LiveAccessRule(settings: try LiveServerSettings(host: "0.0.0.0", port: 8080, token: "t", allowedHosts: ["gym-pc"]))
        #expect(rule.check(host: "192.168.1.20:8080", origin: nil, fetchSite: nil, token: "t") == nil)
        #expect(rule.check(host: "[fe80::1]:8080", origin: nil, fetchSite: nil, token: "t") == nil)
        #expect(rule.check(host: "gym-pc:8080", origin: "http://gym-pc:8080", fetchSite: nil, token: "t") == nil)
        #expect(rule.check(host: "rebound.example:8080", origin: nil, fetchSite: nil, token: "t")?.status == 403)
        // The page's own origin behind a TLS proxy on the default port.
        #expect(rule.check(host: "gym-pc", origin: "https://gym-pc:443", fetchSite: nil, token: "t") == nil)
        #expect(rule.check(host: "gym-pc:8080", origin: "http://gym-pc:9999", fetchSite: nil, token: "t")?.status == 403)
        #expect(throws: HingeCheckError.self) { try LiveServerSettings(host: "127.0.0.1", port: 0, allowedHosts: ["http://x"]) }
    }

    /// `--allow-host` on the real `hingecheck live` (a sample clip played as the camera, 11 s).
    /// The clip loops (`--loop`), so the server stays up however long a busy machine takes.
    @Test func allowHostOnTheRunningCommand() async throws {
        let live = try LiveCommandTests.Running(["live", "--source", LiveCommandTests.clip, "--realtime", "--loop", "--landmarks", "markers",
                                                 "--no-sound", "--no-window", "--serve", "127.0.0.1:0", "--allow-host", "studio.local"])
        defer { if live.process.isRunning { live.process.interrupt() } }
        let url = try #require(live.pageURL(), "stderr: \(live.stderr)")
        let port = try #require(URL(string: url)?.port)
        #expect(try await Self.curlStatus(url, headers: ["Host: studio.local:\(port)"]) == 200)
        #expect(try await Self.curlStatus(url, headers: ["Host: evil.example:\(port)"]) == 403)
        let garbage = try await RawHTTPConnection.exchange(port: port, "GARBAGE\r\n\r\n", readTimeoutS: 60)
        #expect(garbage.status == 400)
        live.process.interrupt()
        _ = live.wait()
    }
}
