import Foundation
import PoseCore

/// The descriptor checks: what `hingecheck plugins`, config files and `--set` rely on, checked
/// without running anything.
enum DescriptorCheck {
    /// Runs every descriptor check into `report`.
    static func run(_ d: PluginDescriptor, into report: inout ConformanceReport) {
        checkIdentity(d, into: &report)
        checkParameterNames(d, into: &report)
        for p in d.parameters { checkParameter(p, of: d.id, into: &report) }
        checkStreams(d, into: &report)
    }

    /// Lowercase words joined by single hyphens ("shear-guard", "rep-tempo"): ids are typed in
    /// `--set ID.PARAMETER=VALUE` and config tables.
    static func isKebabCase(_ text: String) -> Bool {
        let words = text.split(separator: "-", omittingEmptySubsequences: false)
        return !text.isEmpty && words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
        } && words.first!.unicodeScalars.first.map { ("a"..."z").contains($0) } == true
    }

    static func checkIdentity(_ d: PluginDescriptor, into report: inout ConformanceReport) {
        report.ran("descriptor.id")
        if !isKebabCase(d.id) {
            report.fail("descriptor.id", "id \"\(d.id)\" is not lowercase-hyphenated (e.g. \"rep-tempo\"): start with a letter, use a–z, 0–9 and single hyphens")
        }
        report.ran("descriptor.kind")
        if d.kind != .analyzer {
            report.fail("descriptor.kind", "\(d.id): kind is \(d.kind.rawValue); an analyser's descriptor says kind: .analyzer")
        }
        report.ran("descriptor.summary")
        if d.summary.trimmingCharacters(in: .whitespaces).isEmpty {
            report.fail("descriptor.summary", "\(d.id): the summary is empty; give the one line `hingecheck plugins` shows")
        }
    }

    static func checkParameterNames(_ d: PluginDescriptor, into report: inout ConformanceReport) {
        report.ran("descriptor.parameter-names")
        var seen = Set<String>()
        for p in d.parameters {
            if !isKebabCase(p.name) {
                report.fail("descriptor.parameter-names", "\(d.id).\(p.name): parameter names are lowercase-hyphenated (e.g. \"min-duration\")")
            }
            if !seen.insert(p.name).inserted {
                report.fail("descriptor.parameter-names", "\(d.id).\(p.name) is declared twice; give each parameter its own name")
            }
        }
    }

    /// Numeric parameters need a range (so overrides are checked) and a unit; text parameters
    /// need choices; every parameter says what it does and where its default comes from.
    static func checkParameter(_ p: PluginParameter, of id: String, into report: inout ConformanceReport) {
        let name = "\(id).\(p.name)"
        report.ran("descriptor.parameter")
        if p.summary.trimmingCharacters(in: .whitespaces).isEmpty {
            report.fail("descriptor.parameter", "\(name): the summary is empty; say in one line what it sets")
        }
        if (p.source ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            report.fail("descriptor.parameter", "\(name): no source for the default; say where it comes from (a paper, a measurement, a convention)")
        }
        if let choices = p.choices {
            if !choices.contains(p.defaultValue) {
                report.fail("descriptor.parameter", "\(name): the default \"\(p.defaultValue)\" is not one of its choices \(choices)")
            }
            return
        }
        guard let minimum = p.minimum, let maximum = p.maximum else {
            report.fail("descriptor.parameter", "\(name) has neither a range nor choices; declare `range:` for a number or `choices:` for text, so a bad override is refused before anything runs")
            return
        }
        if (p.unit ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            report.fail("descriptor.parameter", "\(name): numeric parameter without a unit; give one (\"deg\", \"s\", \"fraction\", \"reps\", ...)")
        }
        if !(minimum.isFinite && maximum.isFinite && minimum <= maximum) {
            report.fail("descriptor.parameter", "\(name): range \(minimum)…\(maximum) is not a finite, ordered range")
        }
        guard let value = Double(p.defaultValue), value.isFinite else {
            report.fail("descriptor.parameter", "\(name): the default \"\(p.defaultValue)\" is not a number")
            return
        }
        if value < minimum || value > maximum {
            report.fail("descriptor.parameter", "\(name): the default \(p.defaultValue) lies outside its range \(p.rangeText ?? "")")
        }
    }

    /// Non-empty, distinct stream names: they order the chain (`AnalyzerOrder`).
    static func checkStreams(_ d: PluginDescriptor, into report: inout ConformanceReport) {
        report.ran("descriptor.streams")
        for (label, list) in [("needs", d.needs), ("emits", d.emits)] {
            if list.isEmpty {
                report.fail("descriptor.streams", "\(d.id): `\(label)` is empty; name the streams it \(label == "needs" ? "reads (at least \"kinematics\")" : "writes (e.g. its own id)")")
            }
            for s in list.map(\.name) where s.trimmingCharacters(in: .whitespaces).isEmpty || s != s.trimmingCharacters(in: .whitespaces) {
                report.fail("descriptor.streams", "\(d.id): `\(label)` holds \"\(s)\"; stream names are non-empty, without surrounding spaces")
            }
            if Set(list).count != list.count {
                report.fail("descriptor.streams", "\(d.id): `\(label)` names a stream twice: \(list.map(\.name))")
            }
        }
    }
}
