import Dispatch
import Foundation
import PoseCore
import Workflows

/// The one handler of the stop signals for every long command (live, landmarks, batch and its
/// children): SIGINT (Ctrl-C), SIGTERM (`kill`, `timeout`, systemd, `docker stop`, Kubernetes,
/// Slurm) and, where asked, SIGHUP (the terminal closed). The first signal is kept so a long run
/// stops between frames and still finishes its files: every stop ends the way Ctrl-C does.
/// `live` passes `onSignal` to fire its session's stop (`LiveSignal`), which cancels the capture
/// at once; `landmarks` and `batch` check `isRequested` between frames and jobs.
///
/// Dispatch signal sources rather than `signal(2)` handlers, because the handler runs on a
/// queue where taking a lock and writing a message are safe.
final class StopRequest: Sendable {
    typealias Signal = (number: Int32, name: String)

    /// What `live` and `landmarks` stop on: a closed terminal, too, finishes the recording.
    static let sessionSignals: [Signal] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")]
    /// What `batch` stops on (a batch under nohup or a scheduler outlives its terminal).
    static let batchSignals: [Signal] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]

    private let signals: [Signal]
    /// The first signal that asked to stop, and how many came.
    private let received = LockedValue<(first: String?, count: Int)>((nil, 0))
    private let sources = LockedValue<[any DispatchSourceSignal]>([])

    private init(signals: [Signal]) { self.signals = signals }

    var isRequested: Bool { received.get().first != nil }

    /// The first signal that asked to stop, e.g. "SIGTERM" (nil while none came).
    var signalName: String? { received.get().first }

    /// Installs the handlers until the request is released.
    /// - Parameters:
    ///   - signals: the signals that ask to stop.
    ///   - onSignal: called on a dispatch queue for each signal, with its name and whether an
    ///     earlier one had already asked to stop (batch ends at once on a second one; `live`
    ///     fires its session's stop, and a second signal finds the session stopping anyway).
    static func onInterrupt(signals: [Signal] = sessionSignals,
                            onSignal: (@Sendable (_ name: String, _ repeated: Bool) -> Void)? = nil) -> StopRequest {
        let request = StopRequest(signals: signals)
        for (number, name) in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak request] in
                guard let request else { return }
                let repeated = request.received.withLock { state -> Bool in
                    state.count += 1
                    if state.first == nil { state.first = name }
                    return state.count > 1
                }
                onSignal?(name, repeated)
            }
            source.resume()
            request.sources.withLock { $0.append(source) }
        }
        return request
    }

    deinit {
        for source in sources.get() { source.cancel() }
        for (number, _) in signals { signal(number, SIG_DFL) }
    }
}
