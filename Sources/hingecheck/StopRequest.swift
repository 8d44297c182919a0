import Dispatch
import Foundation

/// Set once SIGINT (Ctrl-C), SIGTERM (`kill`, `timeout`, systemd, `docker stop`) or SIGHUP (the
/// terminal closed) arrives, so a long run stops between frames and still finishes its files:
/// every stop ends the way Ctrl-C does. A lock-protected flag (hence `@unchecked Sendable`),
/// written by dispatch signal sources.
final class StopRequest: @unchecked Sendable {
    /// The signals handled, and their names for messages.
    static let signals: [(number: Int32, name: String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")]

    private let lock = NSLock()
    private var received: String?
    private var sources: [any DispatchSourceSignal] = []

    var isRequested: Bool { lock.withLock { received != nil } }

    /// The first signal that asked to stop, e.g. "SIGTERM" (nil while none came).
    var signalName: String? { lock.withLock { received } }

    /// Installs the handlers (a second signal still goes to the handler: frames are checked at
    /// least every frame time, so the stop is prompt).
    static func onInterrupt() -> StopRequest {
        let request = StopRequest()
        for (number, name) in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak request] in
                request?.lock.withLock { if request?.received == nil { request?.received = name } }
            }
            source.resume()
            request.sources.append(source)
        }
        return request
    }

    deinit {
        for source in sources { source.cancel() }
        for (number, _) in Self.signals { signal(number, SIG_DFL) }
    }
}
