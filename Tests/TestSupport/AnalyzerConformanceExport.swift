// The synthetic hinge sets (`SyntheticLift`) moved into the AnalyzerConformance library, where a
// plugin's own package can use them too; the tests that import TestSupport keep seeing them.
@_exported import AnalyzerConformance
