import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import NIOCore
import Workflows

/// The browser view of a live session (`hingecheck live --serve`), on Hummingbird.
///
/// Routes (every one behind the token when there is one):
/// - `GET /` — the page (`LivePage`: self-contained, no external assets);
/// - `GET /ws` — WebSocket: the state as JSON text messages on every change and, with
///   `?video=1`, each rendered frame as a binary JPEG message (a slow viewer skips frames);
/// - `GET /video.mjpeg` — the rendered frames as `multipart/x-mixed-replace` JPEGs (for an
///   `<img>`, VLC or curl);
/// - `GET /frame.jpg` — the newest frame; `GET /state.json` — the newest state.
///
/// Every connection passes `RequestGuardHandler` first (malformed, huge or stalled requests are
/// answered 400/408/411/413/431 and closed; `LiveAccessRule`: 403 for a foreign `Host` or
/// another site's page, 401 without the token), and the routers apply the rule again
/// (`AccessMiddleware`).
public struct LiveWebServer: Sendable {
    public let settings: LiveServerSettings
    public let broadcast: LiveBroadcast
    /// Request size and time limits of the connection guard (tests shorten the times).
    var limits = RequestGuardHandler.Limits()

    /// MJPEG part boundary.
    public static let boundary = "hingecheck-frame"

    /// - Throws: `.invalidArgument` when the settings are refused (see `LiveServerSettings.validate`).
    public init(settings: LiveServerSettings, broadcast: LiveBroadcast) throws {
        try settings.validate()
        self.settings = settings
        self.broadcast = broadcast
    }

    /// The HTTP router (page, MJPEG, snapshots), for tests and `run`.
    public func makeRouter() -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.middlewares.add(AccessMiddleware(settings: settings))
        let broadcast = self.broadcast
        router.get("/") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: LivePage.html)))
        }
        router.get("/state.json") { _, _ -> Response in
            guard let state = broadcast.latestState else { return Response(status: .noContent) }
            return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: state.bytes)))
        }
        router.get("/frame.jpg") { _, _ -> Response in
            broadcast.addViewer()
            defer { broadcast.removeViewer() }
            var frame = broadcast.latestFrame
            if frame == nil, !broadcast.isFinished {
                // The session renders frames only while someone watches: wait for the first one.
                let deadline = Date(timeIntervalSinceNow: 2)
                while frame == nil, Date() < deadline, !broadcast.isFinished {
                    _ = await broadcast.waitForChange(frameAfter: 0, stateAfter: .max)
                    frame = broadcast.latestFrame
                }
            }
            guard let frame else { return Response(status: .noContent) }
            return Response(status: .ok, headers: [.contentType: "image/jpeg", .cacheControl: "no-store"],
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: frame.bytes)))
        }
        router.get("/video.mjpeg") { _, _ -> Response in
            let body = ResponseBody { writer in
                broadcast.addViewer()
                defer { broadcast.removeViewer() }
                var sequence = 0
                while !Task.isCancelled {
                    if let frame = broadcast.latestFrame, frame.sequence > sequence {
                        sequence = frame.sequence
                        var part = ByteBuffer()
                        part.writeString("--\(Self.boundary)\r\nContent-Type: image/jpeg\r\nContent-Length: \(frame.bytes.count)\r\n\r\n")
                        part.writeBytes(frame.bytes)
                        part.writeString("\r\n")
                        try await writer.write(part)
                    }
                    guard await broadcast.waitForChange(frameAfter: sequence, stateAfter: .max) else { break }
                }
                try await writer.write(ByteBuffer(string: "--\(Self.boundary)--\r\n"))
                try await writer.finish(nil)
            }
            return Response(status: .ok,
                            headers: [.contentType: "multipart/x-mixed-replace; boundary=\(Self.boundary)",
                                      .cacheControl: "no-store"],
                            body: body)
        }
        return router
    }

    /// The WebSocket router (`/ws`).
    public func makeWebSocketRouter() -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.middlewares.add(AccessMiddleware(settings: settings))
        let broadcast = self.broadcast
        router.ws("/ws") { _, _ in
            .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let wantsVideo = context.request.uri.queryParameters["video"] == "1"
            let pusher = Task {
                if wantsVideo { broadcast.addViewer() }
                defer { if wantsVideo { broadcast.removeViewer() } }
                var frameSeq = 0, stateSeq = 0
                while !Task.isCancelled {
                    if let state = broadcast.latestState, state.sequence > stateSeq {
                        stateSeq = state.sequence
                        try await outbound.writeTextMessage(String(decoding: state.bytes, as: UTF8.self))
                    }
                    if wantsVideo, let frame = broadcast.latestFrame, frame.sequence > frameSeq {
                        frameSeq = frame.sequence
                        try await outbound.writeBinaryMessage(ByteBuffer(bytes: frame.bytes))
                    }
                    guard await broadcast.waitForChange(frameAfter: wantsVideo ? frameSeq : .max, stateAfter: stateSeq) else {
                        if let state = broadcast.latestState, state.sequence > stateSeq {
                            try await outbound.writeTextMessage(String(decoding: state.bytes, as: UTF8.self))
                        }
                        break
                    }
                }
                try? await outbound.close(.normalClosure, reason: "session ended")
            }
            do {
                for try await _ in inbound {}
            } catch {}
            pusher.cancel()
            _ = await pusher.result
        }
        return router
    }

    /// Serves until the task is cancelled.
    /// - Parameter onReady: called once listening, with the port (useful with port 0).
    /// - Throws: when the address cannot be bound.
    public func run(onReady: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let port = settings.port
        let webSocketResponder = makeWebSocketRouter().buildResponder()
        let rule = LiveAccessRule(settings: settings), limits = self.limits
        // Idle keep-alive connections are closed after a minute (a stream in progress is not idle).
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(http1: .init(idleTimeout: .seconds(60)),
                                                                       ws: .init(maxFrameSize: 1 << 16))
        let server = HTTPServerBuilder { responder in
            GuardedServerChannel(inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder,
                                                                     configuration: configuration),
                                 rule: rule, limits: limits)
        }
        var app = Application(
            router: makeRouter(),
            server: server,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "HingeCheck live"),
            onServerRunning: { channel in onReady(channel.localAddress?.port ?? port) })
        // Cancellation at the end of a session is logged by HummingbirdCore as an error; bind
        // failures are thrown from run() anyway.
        app.logger.logLevel = .critical
        try await app.run()
    }
}
