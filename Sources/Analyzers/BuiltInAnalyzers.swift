import PoseCore

/// The analyzers this build ships, in the order they run (each reads what earlier ones wrote).
public enum BuiltInAnalyzers {
    public static let all: [any PostureAnalyzerPlugin] = [
        RepsAnalyzer(), LumbarCurveAnalyzer(), SpineRoundingAnalyzer(), ShearGuardAnalyzer(), FatigueTrendAnalyzer(),
    ]
}
