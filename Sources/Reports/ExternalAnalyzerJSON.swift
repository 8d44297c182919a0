import PoseCore

/// One entry of report.json's `external_analyzers` (docs/report-schema.md): which external
/// analyser ran, whether it finished, and the per-rep fields it declared with their units.
struct ExternalAnalyzerJSON: Encodable {
    let x: ExternalAnalyzerResult
    init(_ x: ExternalAnalyzerResult) { self.x = x }
    enum K: String, CodingKey { case id, version, executable, status, error, fields }
    enum FieldK: String, CodingKey { case name, unit, summary }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        try c.encode(x.id, forKey: .id)
        try c.encode(x.version, forKey: .version)
        try c.encode(x.executable, forKey: .executable)
        try c.encode(x.status.rawValue, forKey: .status)
        try c.encode(Nullable(x.error), forKey: .error)
        var fields = c.nestedUnkeyedContainer(forKey: .fields)
        for f in x.fields {
            var fc = fields.nestedContainer(keyedBy: FieldK.self)
            try fc.encode(f.name, forKey: .name)
            try fc.encode(Nullable(f.unit), forKey: .unit)
            try fc.encode(f.summary, forKey: .summary)
        }
    }
}

/// A rep's `plugins` object: plugin id → field → value, for every external analyser that ran
/// to the end; each declared field is present (null when the plugin sent none for the rep).
struct ExternalRepJSON: Encodable {
    let values: [String: [String: ExternalAnalyzerResult.Value]]

    init(rep: Int, external: [ExternalAnalyzerResult]) {
        var values: [String: [String: ExternalAnalyzerResult.Value]] = [:]
        for x in external where x.status == .ok {
            let sent = x.repValues[rep] ?? [:]
            values[x.id] = Dictionary(uniqueKeysWithValues: x.fields.map { ($0.name, sent[$0.name] ?? .null) })
        }
        self.values = values
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(values)
    }
}
