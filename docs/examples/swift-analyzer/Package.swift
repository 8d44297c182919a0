// swift-tools-version:6.0
// An analyser plugin built outside HingeCheck: `rep-tempo` (descent, pause at the bottom and
// ascent of each rep), and `hingecheck-tempo`, a tool that runs the standard analysis with the
// built-in analysers plus this one and writes the usual report (docs/plugins-swift.md).
//
//   swift build && swift run hingecheck-tempo LANDMARKS.jsonl --json
//   swift test          # the analyser against HingeCheck's conformance kit
import PackageDescription

let package = Package(
    name: "RepTempoExample",
    platforms: [.macOS(.v14)],
    dependencies: [
        // HingeCheck by path (this folder is docs/examples/swift-analyzer in its repository). A
        // path dependency is known by its folder's name, which differs between checkouts, so it
        // is named here; from a release you would depend on the repository's URL instead.
        .package(name: "HingeCheck", path: "../../.."),
    ],
    targets: [
        // The analyser alone: what another tool would depend on.
        .target(name: "RepTempo", dependencies: [
            .product(name: "PoseCore", package: "HingeCheck"),
        ]),
        .executableTarget(name: "hingecheck-tempo", dependencies: [
            "RepTempo",
            .product(name: "PoseCore", package: "HingeCheck"),
            .product(name: "Analyzers", package: "HingeCheck"),
            .product(name: "Workflows", package: "HingeCheck"),
        ]),
        .testTarget(name: "RepTempoTests", dependencies: [
            "RepTempo",
            .product(name: "PoseCore", package: "HingeCheck"),
            .product(name: "Analyzers", package: "HingeCheck"),
            .product(name: "Workflows", package: "HingeCheck"),
            .product(name: "AnalyzerConformance", package: "HingeCheck"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
