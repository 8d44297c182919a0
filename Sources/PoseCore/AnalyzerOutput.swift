/// What an analyser without a field of its own in `AnalysisResult` found (a plugin from outside
/// this package): named numbers for the whole set and per rep, with their units. The built-in
/// analysers keep their typed fields (`Rep`, `PostureEvent`, `FatigueTrend`); this is the open
/// end, written to report.json under `analyzers.<plugin id>` (docs/report-schema.md).
///
/// Names are snake_case like the rest of report.json. Values must be finite: JSON has no NaN,
/// so leave a value out when it is unknown (the conformance kit checks this).
public struct AnalyzerOutput: Sendable, Hashable, Codable {
    /// Values for the whole set, by name (e.g. "mean_descent_s").
    public var values: [String: Double]
    /// Values per rep: rep index (as in `Rep.index`) → name → value.
    public var repValues: [Int: [String: Double]]
    /// Unit of each name used above ("s", "deg", "fraction", ...); names without one are unitless.
    public var units: [String: String]

    public init(values: [String: Double] = [:], repValues: [Int: [String: Double]] = [:], units: [String: String] = [:]) {
        self.values = values
        self.repValues = repValues
        self.units = units
    }

    /// True when it holds no value at all.
    public var isEmpty: Bool { values.isEmpty && repValues.values.allSatisfy(\.isEmpty) }
}
