// swift-tools-version:6.1
// HingeCheck benchmarks (ordo-one/benchmark). Run from this folder:
//   swift package --disable-sandbox benchmark
// Comparisons with peers (MediaPipe) live in peers/ and report ratios; see docs/benchmarks.md.
import PackageDescription

let package = Package(
    name: "HingeCheckBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Path dependencies are named after their folder: the repository checkout is "main" here,
        // so name it explicitly.
        .package(name: "main", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Synthetic hinge frames shared by the AnalyzerChain and ReportExport suites.
        .target(
            name: "BenchmarkFixtures",
            dependencies: [.product(name: "PoseCore", package: "main")],
            path: "Fixtures"
        ),
        .executableTarget(
            name: "AnalyzerChain",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Analyzers", package: "main"),
                .product(name: "PoseCore", package: "main"),
            ],
            path: "Benchmarks/AnalyzerChain",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Frame decoding (FFmpeg through the shim).
        .executableTarget(
            name: "FrameDecode",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PoseCapture", package: "main"),
            ],
            path: "Benchmarks/FrameDecode",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // BlazePose per frame (skips itself when the models are not installed).
        .executableTarget(
            name: "Landmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PoseCapture", package: "main"),
            ],
            path: "Benchmarks/Landmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // A long generated live session replayed through the live cue path: per-minute analysis
        // cost and verdict latency (live_flat_cost.sh). A plain executable: it prints a table.
        .executableTarget(
            name: "LiveReplay",
            dependencies: [
                .product(name: "AnalyzerConformance", package: "main"),
                .product(name: "Analyzers", package: "main"),
                .product(name: "PoseCore", package: "main"),
                .product(name: "Workflows", package: "main"),
            ],
            path: "LiveReplay"
        ),
        // Report folder export (HTML with charts, JSON, CSV, MOT, TRC, OpenPose).
        .executableTarget(
            name: "ReportExport",
            dependencies: [
                "BenchmarkFixtures",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Analyzers", package: "main"),
                .product(name: "PoseCore", package: "main"),
                .product(name: "Reports", package: "main"),
            ],
            path: "Benchmarks/ReportExport",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
