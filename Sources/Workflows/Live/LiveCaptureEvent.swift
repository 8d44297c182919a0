import Dispatch
import Foundation
import PoseCapture
import PoseCore

/// What the capture task reports while it runs.
public enum LiveCaptureEvent: Sendable {
    /// The source opened (first time).
    case opened(SourceFacts)
    /// The source failed or ended mid-set; another try follows after `retryInS`.
    case lost(reason: String, attempt: Int, retryInS: Double)
    /// It opened again after `attempt` tries; frames continue.
    case reconnected(attempt: Int)
    /// Every retry failed: the session ends with what was recorded.
    case gaveUp(reason: String)
    /// A file ended.
    case ended
}
