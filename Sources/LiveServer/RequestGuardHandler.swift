import Foundation
import NIOCore

/// The first handler on every connection of the live view, in front of Hummingbird's HTTP
/// decoder. It reads each request head itself and answers, then closes, instead of passing on:
///
/// - a head over `Limits.maxHeadBytes` or with over `maxHeaderCount` fields: 431;
/// - a malformed request line or header field (NIO's decoder would fail in the WebSocket
///   upgrade stage, where Hummingbird neither answers nor closes, holding the connection): 400;
/// - a body over `maxBodyBytes`: 413; a chunked body (no route takes one): 411;
/// - a head that does not arrive within `headTimeout` (a client that opens and stalls): 408;
/// - what `LiveAccessRule` refuses (wrong `Host` or another site's page: 403; no token: 401) —
///   here for WebSocket upgrades too, which Hummingbird would answer with a bare 400.
///
/// After a refusal the answer is written, the sending side shut (FIN) and what the client still
/// sends is read and dropped for up to `lingerTimeout`, then the connection is closed: closing
/// with unread bytes would reset the connection before the client read the answer.
///
/// Accepted heads, their bodies and everything after a WebSocket upgrade go on unchanged.
/// Used on the channel's event loop only (NIO handlers are not `Sendable`).
final class RequestGuardHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Sizes and times; the defaults are far above what the page, curl or VLC send.
    struct Limits: Sendable {
        var maxHeadBytes = 16 * 1024
        var maxHeaderCount = 100
        var maxBodyBytes = 64 * 1024
        var headTimeout: TimeAmount = .seconds(10)
        var lingerTimeout: TimeAmount = .seconds(2)
    }

    private enum State {
        case head
        case body(remaining: Int)
        case passthrough
        case refused
    }

    private let rule: LiveAccessRule
    private let limits: Limits
    private var state = State.head
    /// Bytes of a head not yet complete.
    private var pending: ByteBuffer?
    private var headTimer: Scheduled<Void>?

    init(rule: LiveAccessRule, limits: Limits = Limits()) {
        self.rule = rule
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The first head is timed from the connection; later ones from their first byte (an idle
        // keep-alive connection is Hummingbird's idle timeout's business).
        startHeadTimer(context: context)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        headTimer?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        while buffer.readableBytes > 0 {
            switch state {
            case .refused:
                return
            case .passthrough:
                context.fireChannelRead(wrapInboundOut(buffer))
                return
            case .body(let remaining):
                let slice = buffer.readSlice(length: min(remaining, buffer.readableBytes))!
                context.fireChannelRead(wrapInboundOut(slice))
                state = remaining == slice.readableBytes ? .head : .body(remaining: remaining - slice.readableBytes)
            case .head:
                guard let rest = takeHead(context: context, adding: &buffer) else { return }
                buffer = rest
            }
        }
    }

    /// Adds `buffer` to the pending head; once the head is complete, judges it and forwards it.
    /// - Returns: the bytes after the head (nil while the head is incomplete or was refused).
    private func takeHead(context: ChannelHandlerContext, adding buffer: inout ByteBuffer) -> ByteBuffer? {
        if pending == nil, headTimer == nil { startHeadTimer(context: context) }
        var head = pending ?? context.channel.allocator.buffer(capacity: buffer.readableBytes)
        head.writeBuffer(&buffer)
        guard let end = Self.headEnd(in: head) else {
            if head.readableBytes > limits.maxHeadBytes {
                refuse(context: context, status: 431, text: "431 request header fields too large: the request head is over \(limits.maxHeadBytes) bytes")
            } else {
                pending = head
            }
            return nil
        }
        pending = nil
        headTimer?.cancel()
        headTimer = nil
        guard end <= limits.maxHeadBytes else {
            refuse(context: context, status: 431, text: "431 request header fields too large: the request head is over \(limits.maxHeadBytes) bytes")
            return nil
        }
        let headBytes = head.readSlice(length: end)!
        switch judge(Array(headBytes.readableBytesView)) {
        case .failure(let refusal):
            refuse(context: context, status: refusal.status, text: refusal.text)
            return nil
        case .success(let next):
            context.fireChannelRead(wrapInboundOut(headBytes))
            state = next
            return head
        }
    }

    /// Index just past the blank line ending the head (`\r\n\r\n`, or `\n\n` from a lax client).
    static func headEnd(in buffer: ByteBuffer) -> Int? {
        let bytes = buffer.readableBytesView
        var newlines = 0
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case 0x0A:
                newlines += 1
                if newlines == 2 { return offset + 1 }
            case 0x0D:
                continue
            default:
                newlines = 0
            }
        }
        return nil
    }

    /// What follows an accepted head, or why it is refused.
    private func judge(_ head: [UInt8]) -> Result<State, LiveAccessRule.Refusal> {
        let parsed: RequestHead
        do {
            parsed = try RequestHead(head, maxFields: limits.maxHeaderCount)
        } catch let refusal as LiveAccessRule.Refusal {
            return .failure(refusal)
        } catch {
            return .failure(.init(status: 400, text: "400 bad request: \(error)"))
        }
        if parsed.field("transfer-encoding") != nil {
            return .failure(.init(status: 411, text: "411 length required: no route of the live view takes a chunked body"))
        }
        let length = parsed.contentLength ?? 0
        if length > limits.maxBodyBytes {
            return .failure(.init(status: 413, text: "413 content too large: the live view takes no body over \(limits.maxBodyBytes) bytes"))
        }
        let custom = parsed.field("x-hingecheck-token")
        if let refusal = rule.check(host: parsed.field("host"), origin: parsed.field("origin"),
                                    fetchSite: parsed.field("sec-fetch-site"),
                                    token: parsed.queryToken ?? Self.token(authorization: parsed.field("authorization"), custom: custom)) {
            return .failure(refusal)
        }
        if parsed.field("upgrade")?.lowercased() == "websocket" { return .success(.passthrough) }
        return .success(length > 0 ? .body(remaining: length) : .head)
    }

    /// The token of `Authorization: Bearer T`, else of `X-HingeCheck-Token: T`.
    static func token(authorization: String?, custom: String?) -> String? {
        if let auth = authorization, auth.lowercased().hasPrefix("bearer ") {
            return String(auth.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        }
        return custom
    }

    private func startHeadTimer(context: ChannelHandlerContext) {
        headTimer?.cancel()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        headTimer = context.eventLoop.scheduleTask(in: limits.headTimeout) {
            let (handler, context) = bound.value
            guard case .head = handler.state else { return }
            handler.refuse(context: context, status: 408, text: "408 request timeout: no complete request head within the time allowed")
        }
    }

    /// Writes the answer, shuts the sending side, drops what still comes, closes.
    private func refuse(context: ChannelHandlerContext, status: Int, text: String) {
        state = .refused
        pending = nil
        headTimer?.cancel()
        headTimer = nil
        let body = text + "\n"
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: text/plain; charset=utf-8\r\n"
        head += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\nCache-Control: no-store\r\n"
        if status == 401 { head += "WWW-Authenticate: Bearer realm=\"hingecheck-live\"\r\n" }
        let out = context.channel.allocator.buffer(string: head + "\r\n" + body)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let linger = limits.lingerTimeout
        context.writeAndFlush(wrapOutboundOut(out)).whenComplete { _ in
            let context = bound.value
            // Half-close: a channel that cannot shut one side is closed outright.
            let halfClosed = context.eventLoop.makePromise(of: Void.self)
            halfClosed.futureResult.whenFailure { _ in bound.value.close(promise: nil) }
            context.close(mode: .output, promise: halfClosed)
            context.eventLoop.scheduleTask(in: linger) { bound.value.close(promise: nil) }
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 408: "Request Timeout"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 431: "Request Header Fields Too Large"
        default: "Error"
        }
    }
}
