import Foundation
import PoseCore
import Reports

/// Reads a written report folder back the way its readers would and lists what is wrong: a
/// missing file, JSON that does not decode, a number that is not finite, a CSV row whose column
/// count differs from its header's, a TRC or MOT file that does not parse, an HTML page cut off.
/// An empty list means a complete report.
enum ReportFolderCheck {
    /// - Parameter frameCount: the frames analysed: one OpenPose file and one TRC row each.
    static func problems(in folder: URL, frameCount: Int) -> [String] {
        var problems: [String] = []
        func text(_ name: String) -> String? {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                problems.append("\(name) is missing")
                return nil
            }
            guard let s = String(data: data, encoding: .utf8) else {
                problems.append("\(name) is not UTF-8")
                return nil
            }
            return s
        }
        if let json = text("report.json") { problems += jsonProblems(json, name: "report.json") }
        for name in ["reps.csv", "frames.csv"] {
            if let csv = text(name) { problems += csvProblems(csv, name: name) }
        }
        if let csv = text("frames.csv"), csv.split(separator: "\n").count - 1 != frameCount {
            problems.append("frames.csv has \(csv.split(separator: "\n").count - 1) rows for \(frameCount) frames")
        }
        for name in ["landmarks.trc", "landmarks_m.trc"] {
            guard let trc = text(name) else { continue }
            do {
                let file = try TRCFile.parse(trc, path: name)
                if file.rows.count != frameCount { problems.append("\(name) has \(file.rows.count) rows for \(frameCount) frames") }
                if !file.rows.allSatisfy({ $0.time.isFinite && $0.values.allSatisfy { $0?.isFinite ?? true } }) {
                    problems.append("\(name) holds a number that is not finite")
                }
            } catch {
                problems.append("\(name) does not parse: \(error)")
            }
        }
        if let mot = text("angles.mot") { problems += motProblems(mot) }
        let openpose = folder.appendingPathComponent("openpose")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: openpose.path)) ?? []).filter { $0.hasSuffix(".json") }
        if names.count != frameCount { problems.append("openpose/ has \(names.count) files for \(frameCount) frames") }
        for name in names {
            if let json = text("openpose/" + name) { problems += jsonProblems(json, name: "openpose/" + name) }
        }
        if let html = text("report.html") {
            if !html.hasSuffix("</html>\n") && !html.hasSuffix("</html>") { problems.append("report.html does not end with </html>") }
            for word in ["NaN", "Infinity", ">nan", ">inf"] where html.contains(word) { problems.append("report.html shows \(word)") }
        }
        return problems
    }

    static func jsonProblems(_ text: String, name: String) -> [String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return ["\(name) does not decode"]
        }
        var problems: [String] = []
        func walk(_ value: Any, _ at: String) {
            switch value {
            case let d as [String: Any]: for (k, v) in d { walk(v, at + "." + k) }
            case let a as [Any]: for (i, v) in a.enumerated() { walk(v, at + "[\(i)]") }
            case let n as NSNumber where !(n.doubleValue.isFinite): problems.append("\(name)\(at) = \(n)")
            default: break
            }
        }
        walk(object, "")
        return problems
    }

    /// RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes).
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], field = "", quoted = false, chars = Array(line), i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { out.append(field); field = "" } else { field.append(c) }
            i += 1
        }
        return out + [field]
    }

    static func csvProblems(_ text: String, name: String) -> [String] {
        guard text.hasSuffix("\n") else { return ["\(name) does not end with a line end"] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        guard let header = lines.first else { return ["\(name) is empty"] }
        let columns = fields(header).count
        var problems: [String] = []
        for (i, line) in lines.enumerated().dropFirst() {
            let cells = fields(line)
            if cells.count != columns { problems.append("\(name) line \(i + 1): \(cells.count) cells, header has \(columns)") }
            for cell in cells {
                if let d = Double(cell), !d.isFinite { problems.append("\(name) line \(i + 1): \(cell)") }
            }
        }
        return problems
    }

    /// OpenSim's motion file: a header ending at `endheader`, a column-name line, then rows of
    /// numbers, NaN for a missing angle (OpenSim's own convention).
    static func motProblems(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let end = lines.firstIndex(of: "endheader"), end + 1 < lines.count else { return ["angles.mot has no endheader"] }
        let columns = lines[end + 1].split(separator: "\t", omittingEmptySubsequences: false).count
        var problems: [String] = []
        for (i, line) in lines.enumerated().dropFirst(end + 2) where !line.isEmpty {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            if cells.count != columns { problems.append("angles.mot line \(i + 1): \(cells.count) cells, header has \(columns)") }
            for cell in cells where cell != "NaN" && !(Double(cell)?.isFinite ?? false) {
                problems.append("angles.mot line \(i + 1): \(cell)")
            }
        }
        return problems
    }
}
