// swift-tools-version:6.0
// HingeCheck — plugin-based motion-capture posture analyser for hip-hinge lifts.
// Module split and one-way dependencies (docs/plugins.md, "The pipeline"):
//   hingecheck (CLI) → Workflows → PoseCapture / Analyzers / Reports → PoseCore
//   AnalyzerConformance (checks for any analyser plugin) → Analyzers / Reports → PoseCore
//   PoseCapture is the only Swift module that imports the C shim (CPoseShim → OpenCV).
import PackageDescription

let package = Package(
    name: "HingeCheck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hingecheck", targets: ["hingecheck"]),
        .library(name: "PoseCore", targets: ["PoseCore"]),
        .library(name: "PoseCapture", targets: ["PoseCapture"]),
        .library(name: "Analyzers", targets: ["Analyzers"]),
        .library(name: "Reports", targets: ["Reports"]),
        // For a tool with its own analysers (docs/plugins-swift.md): the registry and the jobs
        // that run an analysis and write its report, and the checks every analyser must pass.
        .library(name: "Workflows", targets: ["Workflows"]),
        .library(name: "AnalyzerConformance", targets: ["AnalyzerConformance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Live browser view (hingecheck live --serve): HTTP, MJPEG and WebSocket on loopback.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        // The live view's connection guard is a NIO channel handler in front of Hummingbird's decoder.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        // Analysis config files (`--config hinge.toml`).
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // OpenCV 4.6 from Debian. The module map is empty on purpose: only the C++ shim includes
        // OpenCV headers (through Shims/CPoseShim/opencv-include) and it links what it uses.
        .systemLibrary(
            name: "COpenCV",
            path: "Shims/COpenCV",
            providers: [.apt(["libopencv-dev", "libopencv-contrib-dev"])]
        ),
        // Pure C header over C++/OpenCV/libjpeg. No C++ type or exception crosses it.
        .target(
            name: "CPoseShim",
            dependencies: ["COpenCV"],
            path: "Shims/CPoseShim",
            exclude: ["README.md", "opencv-include"],
            // opencv-include/opencv2 links to Debian's /usr/include/opencv4/opencv2 (what
            // `pkg-config --cflags opencv4` says), a search path SwiftPM accepts from any package.
            cxxSettings: [
                .headerSearchPath("opencv-include"),
                // The shim's own network kernels are most of a frame's arithmetic; unoptimised
                // (a debug build's -O0) they made the tests that run BlazePose tens of times slower.
                .unsafeFlags(["-O2"], .when(configuration: .debug)),
            ],
            // Only the OpenCV modules the shim uses. `pkg-config --libs opencv4` names all ~50
            // (pulling in VTK, Qt, HDF5, GDCM: 380 shared libraries); looking symbols up in all of
            // them was most of a run's start-up (docs/benchmarks.md).
            linkerSettings: ["opencv_core", "opencv_imgproc", "opencv_imgcodecs", "opencv_videoio", "opencv_highgui",
                             "opencv_dnn", "opencv_aruco", "jpeg"].map { .linkedLibrary($0) }
        ),
        .target(name: "PoseCore"),
        // Waiting for an external analyser's exit with a deadline, without polling (a pidfd).
        .target(name: "CProcessWait", path: "Shims/CProcessWait"),
        .target(name: "PoseCapture", dependencies: ["PoseCore", "CPoseShim"]),
        .target(
            name: "Analyzers",
            dependencies: ["PoseCore", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        .target(name: "Reports", dependencies: ["PoseCore", "Analyzers"]),
        // End-to-end jobs shared by the CLI's analyze, report, batch and live: source → analysis → report.
        .target(name: "Workflows", dependencies: ["PoseCore", "PoseCapture", "Analyzers", "Reports", "CProcessWait"]),
        // Checks any PostureAnalyzerPlugin must pass, and the synthetic hinge sets they run on;
        // a library (not a test target) so that a plugin's own package can run it in its tests.
        .target(name: "AnalyzerConformance", dependencies: ["PoseCore", "Analyzers", "Reports"]),
        // Generated hinge videos with known spine angles (ground truth for every measurement).
        .target(name: "SampleSynth", dependencies: ["PoseCore", "PoseCapture"]),
        // Browser view of a live session: self-contained page, MJPEG video, metrics over WebSocket.
        .target(
            name: "LiveServer",
            dependencies: [
                "PoseCore", "Workflows",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "hingecheck",
            dependencies: [
                "PoseCore", "PoseCapture", "Analyzers", "Reports", "SampleSynth", "Workflows", "LiveServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "PoseCoreTests", dependencies: ["PoseCore", "TestSupport"]),
        .testTarget(name: "PoseCaptureTests", dependencies: ["PoseCapture", "PoseCore"]),
        // Synthetic pose streams with known angles, shared by the analyzer and CLI tests; the fuzz
        // tests' seeds of every imported format (hence Reports) and their mutator.
        .target(name: "TestSupport", dependencies: ["PoseCore", "Reports", "AnalyzerConformance"], path: "Tests/TestSupport"),
        .testTarget(name: "AnalyzersTests", dependencies: ["Analyzers", "PoseCore", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Analyzers", "PoseCore", "TestSupport"]),
        // Runs the built `hingecheck` binary as a person would (exit codes, messages).
        .testTarget(name: "hingecheckTests", dependencies: ["hingecheck", "PoseCore", "Workflows", "TestSupport"]),
        .testTarget(name: "AnalyzerConformanceTests", dependencies: ["AnalyzerConformance", "Analyzers", "PoseCore", "Workflows"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["Workflows", "PoseCore", "PoseCapture", "Analyzers", "Reports", "TestSupport"]),
        .testTarget(name: "SampleSynthTests", dependencies: ["SampleSynth", "PoseCapture", "PoseCore", "TestSupport"]),
        .testTarget(
            name: "LiveServerTests",
            dependencies: [
                "LiveServer", "Workflows", "PoseCore", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .gnucxx17
)
