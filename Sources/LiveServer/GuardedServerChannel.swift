import HummingbirdCore
import Logging
import NIOCore

/// A Hummingbird child channel with `RequestGuardHandler` in front of everything it installs,
/// so every byte a client sends passes the guard before the HTTP decoder sees it.
struct GuardedServerChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let rule: LiveAccessRule
    let limits: RequestGuardHandler.Limits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let rule = self.rule, limits = self.limits
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestGuardHandler(rule: rule, limits: limits), position: .first)
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
