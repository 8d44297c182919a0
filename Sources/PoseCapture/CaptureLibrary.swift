internal import CPoseShim
import PoseCore

/// The one place where shim status codes become `HingeCheckError`s (like swift-system's
/// `valueOrErrno`). `path` names the file or device; `detail` is the shim's error text.
func check(_ status: hc_status, path: String?, detail: @autoclosure () -> String, hint: String? = nil) throws {
    guard status != HC_OK else { return }
    let text = detail()
    let message = text.isEmpty ? describe(status) : text
    throw HingeCheckError(code(for: status), message, path: path, hint: hint)
}

func code(for status: hc_status) -> HingeCheckError.Code {
    switch status {
    case HC_ERR_NOT_FOUND: .notFound
    case HC_ERR_OPEN, HC_ERR_DECODE: .badInput
    case HC_ERR_ENCODE: .io
    case HC_ERR_MODEL: .model
    case HC_ERR_ARGUMENT: .invalidArgument
    default: .internal
    }
}

func describe(_ status: hc_status) -> String {
    switch status {
    case HC_OK: "ok"
    case HC_END_OF_STREAM: "end of stream"
    case HC_ERR_ARGUMENT: "invalid argument"
    case HC_ERR_NOT_FOUND: "not found"
    case HC_ERR_OPEN: "cannot open"
    case HC_ERR_DECODE: "cannot decode"
    case HC_ERR_ENCODE: "cannot encode or write"
    case HC_ERR_MODEL: "model error"
    case HC_ERR_STATE: "call out of order"
    default: "internal error in the OpenCV shim"
    }
}

/// The error text a stateless shim call left in its `hc_error`.
func message(of error: hc_error) -> String {
    withUnsafeBytes(of: error.message) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// Reads a fixed-size C char array as a String.
func string<T>(fromCArray tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
}

/// Library-wide settings of the OpenCV layer.
public enum CaptureLibrary {
    /// OpenCV worker threads (0 = OpenCV's default), fixed for the process: `blazepose`'s
    /// `threads = auto` no longer tunes it afterwards.
    public static func setThreadCount(_ threads: Int) {
        hc_set_num_threads(Int32(clamping: threads))
        fixedThreads.withLock { $0 = true }
    }

    /// True once `setThreadCount` was called (batch fixes one thread per job).
    public static var threadCountFixed: Bool { fixedThreads.withLock { $0 } }

    private static let fixedThreads = LockedValue(false)
    /// The shim's convolution kernels against OpenCV 4.6's own on the network in `onnx` (square
    /// input of `size` pixels): the largest output difference relative to each output's largest
    /// magnitude, and how many layers are the shim's.
    /// - Throws: `HingeCheckError` naming the file when it does not load or run.
    public static func kernelCheck(onnx: String, size: Int) throws -> (maxRelativeDifference: Double, shimLayers: Int) {
        var difference = 0.0, layers: Int32 = 0
        var error = hc_error()
        let status = hc_dnn_kernel_check(onnx, Int32(clamping: size), &difference, &layers, &error)
        try check(status, path: onnx, detail: message(of: error))
        return (difference, Int(layers))
    }
}
