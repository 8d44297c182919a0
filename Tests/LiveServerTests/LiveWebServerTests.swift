import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Workflows
@testable import LiveServer

/// The routes through Hummingbird's in-process test client.
@Suite struct LiveWebServerTests {
    static func app(token: String? = nil, broadcast: LiveBroadcast = LiveBroadcast()) throws -> some ApplicationProtocol {
        let server = try LiveWebServer(settings: LiveServerSettings(host: "127.0.0.1", port: 0, token: token), broadcast: broadcast)
        return Application(router: server.makeRouter())
    }

    @Test func thePageIsSelfContained() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: response.body)
                #expect(html.contains("<script>") && html.contains("/ws"))
                // No external assets: no src/href to another host, no external stylesheet or script.
                #expect(!html.contains("src=\"http"))
                #expect(!html.contains("href=\"http"))
                #expect(!html.contains("<link"))
                #expect(!html.contains("<script src"))
                for id in ["banner", "gaugefill", "reps", "reptable", "video"] { #expect(html.contains("id=\"\(id)\"")) }
            }
        }
    }

    @Test func everyRouteNeedsTheTokenWhenThereIsOne() async throws {
        let broadcast = LiveBroadcast()
        broadcast.publish(stateJSON: Data("{\"phase\":\"live\"}".utf8))
        try await Self.app(token: "s3cret", broadcast: broadcast).test(.router) { client in
            for path in ["/", "/state.json", "/frame.jpg", "/video.mjpeg", "/ws", "/nope"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path)")
                    #expect(String(buffer: response.body).contains("token"))
                }
                try await client.execute(uri: path + "?token=wrong", method: .get) { response in
                    #expect(response.status == .unauthorized, "\(path) with a wrong token")
                }
            }
            try await client.execute(uri: "/?token=s3cret", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/state.json", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "{\"phase\":\"live\"}")
            }
        }
    }

    @Test func snapshotsServeTheNewestFrameAndState() async throws {
        let broadcast = LiveBroadcast()
        try await Self.app(broadcast: broadcast).test(.router) { client in
            try await client.execute(uri: "/state.json", method: .get) { #expect($0.status == .noContent) }
            broadcast.publish(stateJSON: Data("{\"a\":1}".utf8))
            broadcast.publish(stateJSON: Data("{\"a\":2}".utf8))
            broadcast.publish(jpeg: Data([0xFF, 0xD8, 0xFF, 0xD9]))
            try await client.execute(uri: "/state.json", method: .get) { #expect(String(buffer: $0.body) == "{\"a\":2}") }
            try await client.execute(uri: "/frame.jpg", method: .get) { response in
                #expect(response.headers[.contentType] == "image/jpeg")
                #expect(Array(buffer: response.body) == [0xFF, 0xD8, 0xFF, 0xD9])
            }
        }
    }

    @Test func theMJPEGStreamEndsWithTheSession() async throws {
        let broadcast = LiveBroadcast()
        broadcast.publish(jpeg: Data([0xFF, 0xD8, 1, 2, 0xFF, 0xD9]))
        let feeder = Task {
            for i in 0..<3 {
                try await Task.sleep(for: .milliseconds(30))
                broadcast.publish(jpeg: Data([0xFF, 0xD8, UInt8(i), 0xFF, 0xD9]))
            }
            try await Task.sleep(for: .milliseconds(30))
            broadcast.finish()
        }
        try await Self.app(broadcast: broadcast).test(.router) { client in
            try await client.execute(uri: "/video.mjpeg", method: .get) { response in
                #expect(response.headers[.contentType] == "multipart/x-mixed-replace; boundary=\(LiveWebServer.boundary)")
                let body = String(decoding: Array(buffer: response.body), as: UTF8.self)
                let parts = body.components(separatedBy: "--\(LiveWebServer.boundary)\r\n").count - 1
                #expect(parts >= 2, "\(parts) parts")
                #expect(body.contains("Content-Type: image/jpeg"))
                #expect(body.hasSuffix("--\(LiveWebServer.boundary)--\r\n"))
            }
        }
        _ = await feeder.result
        #expect(!broadcast.wantsFrames)
    }

    @Test func waitersWakeOnPublishFinishAndCancel() async {
        let broadcast = LiveBroadcast()
        async let woke = broadcast.waitForChange(frameAfter: 0, stateAfter: .max)
        try? await Task.sleep(for: .milliseconds(20))
        broadcast.publish(jpeg: Data([1]))
        #expect(await woke)
        let cancelled = Task { await broadcast.waitForChange(frameAfter: 1, stateAfter: .max) }
        cancelled.cancel()
        #expect(await cancelled.value == false)
        broadcast.finish()
        #expect(await broadcast.waitForChange(frameAfter: 1, stateAfter: .max) == false)
    }
}
