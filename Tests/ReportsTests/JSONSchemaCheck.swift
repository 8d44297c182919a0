import Foundation

/// A small JSON Schema checker for the subset docs/report-schema.json uses: `type` (one or a
/// list), `const`, `enum`, `properties`, `required`, `additionalProperties: false`, `items`,
/// `minimum`, `maximum` and local `$ref`s to `#/$defs/...`.
struct JSONSchemaCheck {
    let root: [String: Any]

    /// - Returns: one message per violation, with the JSON path; empty when valid.
    func errors(_ value: Any) -> [String] {
        var out: [String] = []
        check(value, root, "$", &out)
        return out
    }

    func check(_ value: Any, _ schema: [String: Any], _ path: String, _ out: inout [String]) {
        if let ref = schema["$ref"] as? String {
            let name = ref.replacingOccurrences(of: "#/$defs/", with: "")
            guard let defs = root["$defs"] as? [String: Any], let target = defs[name] as? [String: Any] else {
                out.append("\(path): unresolved \(ref)"); return
            }
            check(value, target, path, &out)
            return
        }
        if let c = schema["const"], !Self.equal(value, c) { out.append("\(path): expected \(c), got \(value)") }
        if let e = schema["enum"] as? [Any], !e.contains(where: { Self.equal(value, $0) }) { out.append("\(path): \(value) not in \(e)") }
        if let t = schema["type"] {
            let types = (t as? [String]) ?? [(t as? String) ?? ""]
            guard types.contains(where: { Self.matches(value, $0) }) else {
                out.append("\(path): expected \(types.joined(separator: "|")), got \(Self.kind(value))"); return
            }
        }
        if let n = value as? NSNumber, !Self.isBool(value) {
            if let min = schema["minimum"] as? Double, n.doubleValue < min { out.append("\(path): \(n) < \(min)") }
            if let max = schema["maximum"] as? Double, n.doubleValue > max { out.append("\(path): \(n) > \(max)") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil { out.append("\(path): missing \(key)") }
            if (schema["additionalProperties"] as? Bool) == false {
                for key in object.keys.sorted() where properties[key] == nil { out.append("\(path): unexpected \(key)") }
            }
            for (key, sub) in properties {
                if let v = object[key], let s = sub as? [String: Any] { check(v, s, "\(path).\(key)", &out) }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, v) in array.enumerated() { check(v, items, "\(path)[\(i)]", &out) }
        }
    }

    static func isBool(_ v: Any) -> Bool {
        guard let n = v as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    static func kind(_ v: Any) -> String {
        if v is NSNull { return "null" }
        if isBool(v) { return "boolean" }
        if v is NSNumber { return "number" }
        if v is String { return "string" }
        if v is [Any] { return "array" }
        if v is [String: Any] { return "object" }
        return "unknown"
    }

    static func matches(_ v: Any, _ type: String) -> Bool {
        switch type {
        case "null": return v is NSNull
        case "boolean": return isBool(v)
        case "number": return v is NSNumber && !isBool(v)
        case "integer":
            guard let n = v as? NSNumber, !isBool(v) else { return false }
            return n.doubleValue == n.doubleValue.rounded()
        case "string": return v is String
        case "array": return v is [Any]
        case "object": return v is [String: Any]
        default: return false
        }
    }

    static func equal(_ a: Any, _ b: Any) -> Bool {
        if a is NSNull || b is NSNull { return a is NSNull && b is NSNull }
        if let x = a as? String, let y = b as? String { return x == y }
        if isBool(a) || isBool(b) { return isBool(a) && isBool(b) && (a as? Bool) == (b as? Bool) }
        if let x = a as? NSNumber, let y = b as? NSNumber { return x.doubleValue == y.doubleValue }
        return false
    }
}
