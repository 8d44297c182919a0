import Foundation
import PoseCore

/// Values from `JSONSerialization`.
enum JSONValue {
    /// A finite number; nil for booleans (which Foundation also gives as NSNumber), strings,
    /// null and anything else.
    static func number(_ any: Any?) -> Double? {
        guard let n = any as? NSNumber, String(cString: n.objCType) != "c" else { return nil }
        let v = n.doubleValue
        return v.isFinite ? v : nil
    }
}
