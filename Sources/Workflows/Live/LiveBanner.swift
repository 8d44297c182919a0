import Analyzers
import Foundation
import PoseCore

/// The posture cue shown over the live picture.
public enum LiveBanner: String, Sendable, Codable, Hashable {
    /// Nothing to say.
    case none
    /// The per-frame rule holds now (loaded trunk, lumbar measure over its threshold), but not
    /// yet for the `shear-guard` analyzer's minimum time: "checking".
    case provisional
    /// The `shear-guard` analyzer flags the posture as lost at this moment.
    case confirmed
}
