/// The commented config file `hingecheck config init` writes: every plugin's table with every
/// parameter at its default, commented out, each with its meaning, unit, range and the source
/// of the default — the way Sports2D's one `Config.toml` documents a whole run.
///
/// The file is TOML as `AnalysisConfig` reads it: `[plugin-id]` tables of `parameter = value`.
/// Parameter lines are commented out so the file changes nothing until a line is uncommented:
/// an explicit value, even the default, is not the same as none (a threshold set for the other
/// kind of measurement is reported as unused, and a newer HingeCheck's default would be masked).
public enum ConfigTemplate {
    /// The file's text for `descriptors`, in their order.
    /// - Parameter version: the HingeCheck version named in the heading.
    /// Complexity: O(parameters).
    public static func text(for descriptors: [PluginDescriptor], version: String) -> String {
        var lines = heading(version: version)
        for descriptor in descriptors {
            lines += [""] + table(descriptor)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func heading(version: String) -> [String] {
        [
            "# HingeCheck configuration, written by `hingecheck config init` (HingeCheck \(version)).",
            "#",
            "# Read only where a command is given it: `hingecheck analyze|report|batch|live --config FILE`.",
            "# HingeCheck reads no config file on its own, from any folder. `--set PLUGIN.PARAMETER=VALUE`",
            "# on the command line wins over this file.",
            "#",
            "# Every parameter is listed at its default, commented out, so this file changes nothing as",
            "# written. To change one, remove the `# ` before `name = value` and edit the value.",
            "# `hingecheck plugins` lists the same parameters; docs/method.md explains the defaults.",
        ]
    }

    static func table(_ d: PluginDescriptor) -> [String] {
        var lines = ["[\(d.id)]", "# \(d.kind.rawValue): \(d.summary)"]
        if d.parameters.isEmpty { lines.append("# (no parameters)") }
        for p in d.parameters {
            lines.append("#")
            lines.append("# \(p.name): \(p.summary)")
            lines.append("#   " + facts(p))
            if let source = p.source { lines.append("#   default from: \(source)") }
            lines.append("# \(p.name) = \(tomlValue(p))")
        }
        return lines
    }

    /// "default 15 deg; range 0…45 deg" or "default auto; one of auto, on, off" (also what
    /// `hingecheck plugins` prints).
    public static func facts(_ p: PluginParameter) -> String {
        var text = "default \(p.defaultValue)\(p.unit.map { " \($0)" } ?? "")"
        if let range = p.rangeText { text += "; range \(range)" }
        if let choices = p.choices { text += "; one of \(choices.joined(separator: ", "))" }
        return text
    }

    /// The default as a TOML value: a number or boolean bare (so it reads back as the same
    /// text `PluginSettings` parses), anything else as a basic string.
    public static func tomlValue(_ p: PluginParameter) -> String {
        let text = p.defaultValue
        if p.choices == nil, let number = Double(text), number.isFinite {
            // TOML needs digits on both sides of a decimal point (".5" and "5." are not TOML).
            return Int(text) != nil ? text : String(number)
        }
        if text == "true" || text == "false" { return text }
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
    }
}
