internal import CPoseShim
import PoseCore

/// An on-screen window for `hingecheck live` (OpenCV highgui, Qt5 on Debian).
///
/// Debian's highgui aborts the whole process when it cannot reach a display (docs/live.md, "What
/// you see"), so a window is only ever opened after `LiveWindow.displayAvailability()` said yes; `init`
/// checks again in the shim. All calls on one window must come from the thread that created it
/// (Qt's GUI thread): the live view runs it on a dedicated thread.
public final class LiveWindow {
    /// Whether a window can be shown, and why (or why not).
    public struct Availability: Sendable, Hashable {
        public var available: Bool
        /// e.g. "DISPLAY is not set (no X server to show a window on)".
        public var reason: String
    }

    /// Asks, without touching highgui, whether a window could be shown: true when
    /// `QT_QPA_PLATFORM` is `offscreen`/`minimal`, or when `$DISPLAY` names an X server that
    /// accepts a connection (libX11 loaded at run time). Cached per `$DISPLAY` value.
    public static func displayAvailability() -> Availability {
        var available: Int32 = 0
        var reason = hc_error()
        let status = hc_display_probe(&available, &reason)
        return Availability(available: status == HC_OK && available != 0, reason: message(of: reason))
    }

    private let raw: OpaquePointer
    public let title: String
    /// False once the person closed the window (or it failed).
    public private(set) var isOpen = true

    /// Opens a window of `width` × `height` pixels.
    /// - Throws: `HingeCheckError` `.invalidArgument` when there is no display (with the reason),
    ///   `.internal` when highgui fails.
    public init(title: String, width: Int, height: Int) throws {
        var handle: OpaquePointer?
        var error = hc_error()
        let status = hc_window_open(title, Int32(width), Int32(height), &handle, &error)
        if status == HC_ERR_STATE {
            throw HingeCheckError(.invalidArgument, message(of: error),
                                  hint: "run with --no-window, or start an X server (e.g. Xvfb :99 and DISPLAY=:99)")
        }
        try check(status, path: nil, detail: message(of: error))
        guard let handle else { throw HingeCheckError(.internal, "hc_window_open gave no window") }
        raw = handle
        self.title = title
    }

    deinit { hc_window_free(raw) }

    /// Shows an image (scaled to the window).
    /// - Throws: `HingeCheckError` when highgui fails.
    public func show(_ image: BGRImage) throws {
        guard isOpen else { return }
        let status = image.withReadOnlyShimImage { hc_window_show(raw, $0) }
        if status == HC_ERR_STATE { isOpen = false; return }
        try check(status, path: nil, detail: String(cString: hc_window_error(raw)))
    }

    /// Processes window events for up to `waitMs` milliseconds.
    /// - Returns: the key pressed (ASCII; 27 = Escape), or nil.
    /// - Throws: `HingeCheckError` when highgui fails.
    public func poll(waitMs: Int = 1) throws -> Int? {
        var key: Int32 = -1
        var closed: Int32 = 0
        try check(hc_window_poll(raw, Int32(max(1, waitMs)), &key, &closed), path: nil,
                  detail: String(cString: hc_window_error(raw)))
        if closed != 0 { isOpen = false }
        return key >= 0 ? Int(key & 0xFF) : nil
    }
}
