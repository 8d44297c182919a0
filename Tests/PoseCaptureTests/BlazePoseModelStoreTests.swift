import Foundation
import PoseCore
import Testing
@testable import PoseCapture

/// Where models are looked for, how they are verified, and what a damaged model gives.
@Suite struct BlazePoseModelStoreTests {
    @Test func folderPrecedence() {
        let explicit = URL(fileURLWithPath: "/opt/models", isDirectory: true)
        let env = ["HINGECHECK_MODELS_DIR": "/env/models", "XDG_DATA_HOME": "/xdg", "HOME": "/home/lifter"]
        #expect(ModelStore(directory: explicit, environment: env).directory.path == "/opt/models")
        #expect(ModelStore(directory: explicit, environment: env).origin == .explicit)
        #expect(ModelStore(environment: env).directory.path == "/env/models")
        #expect(ModelStore(environment: env).origin == .environment)
        var noDir = env
        noDir["HINGECHECK_MODELS_DIR"] = ""
        #expect(ModelStore(environment: noDir).directory.path == "/xdg/hingecheck/models")
        #expect(ModelStore(environment: noDir).origin == .xdgDataHome)
        noDir["XDG_DATA_HOME"] = "relative/path"  // the XDG spec ignores relative paths
        #expect(ModelStore(environment: noDir).directory.path == "/home/lifter/.local/share/hingecheck/models")
        #expect(ModelStore(environment: ["HOME": "/home/lifter"]).origin == .home)
    }

    /// The Swift constants and the installer must agree, or `models status` would call a fresh
    /// install damaged.
    @Test func checksumsMatchTheInstallScript() throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Shims/models/install-models.sh")
        let text = try String(contentsOf: script, encoding: .utf8)
        func constant(_ name: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix("\(name)=") }.map { String($0.dropFirst(name.count + 1)) }
        }
        #expect(constant("DET_ONNX_SHA256") == ModelStore.detector.sha256)
        #expect(constant("LMK_ONNX_SHA256") == ModelStore.landmark.sha256)
        #expect(constant("LMK_NOMASK_ONNX_SHA256") == ModelStore.landmarkMaskless.sha256)
        #expect(text.contains("$DEST/\(ModelStore.landmarkMaskless.name)"))
        #expect(text.contains("$DEST/\(ModelStore.detector.name)"))
        #expect(text.contains("$DEST/\(ModelStore.landmark.name)"))
    }

    @Test func sha256KnownVectors() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [(String, Data)] = [
            ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Data()),
            ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Data("abc".utf8)),
            // 56 bytes: the padding spills into a second block.
            ("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
             Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            // One million 'a': many 64 KiB reads.
            ("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Data(repeating: 0x61, count: 1_000_000)),
        ]
        for (i, (expected, data)) in cases.enumerated() {
            let url = dir.appendingPathComponent("v\(i)")
            try data.write(to: url)
            #expect(try ModelStore.sha256(ofFile: url.path) == expected)
        }
        let missing = #expect(throws: HingeCheckError.self) { try ModelStore.sha256(ofFile: dir.appendingPathComponent("nope").path) }
        #expect(missing?.code == .notFound)
        let folder = #expect(throws: HingeCheckError.self) { try ModelStore.sha256(ofFile: dir.path) }
        #expect(folder?.code == .badInput)
    }

    @Test func emptyFolderIsNotReady() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = ModelStore(directory: dir)
        let status = store.status()
        #expect(!status.isReady)
        #expect(status.files.map { $0.state } == [.missing, .missing, .missing])
        let error = #expect(throws: HingeCheckError.self) { try store.verify() }
        #expect(error?.code == .model)
        #expect(error?.path == store.url(of: ModelStore.detector).path)
        // The folder was given explicitly, so the install command names it.
        #expect(error?.hint?.contains("hingecheck models install --dir \(store.directory.path)") == true, "\(String(describing: error?.hint))")
        #expect(error?.message.contains("not installed") == true)
    }

    @Test(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage))
    func installedModelsVerify() throws {
        let status = BlazePoseFixtures.models.status()
        #expect(status.isReady, "\(status.files.map { "\($0.name): \($0.state.rawValue)" })")
        let urls = try BlazePoseFixtures.models.verify()
        #expect(urls.detector.lastPathComponent == "pose_detection.onnx")
    }

    /// A copy of the models with the landmark file replaced by garbage of the right size:
    /// checksum verification names the file and the fix.
    @Test(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage))
    func corruptModelFailsVerification() throws {
        let dir = makeTempFolder("hc-models")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = ModelStore(directory: dir)
        try FileManager.default.copyItem(at: BlazePoseFixtures.models.url(of: ModelStore.detector),
                                         to: store.url(of: ModelStore.detector))
        var garbage = Data(count: ModelStore.landmark.bytes)
        garbage.withUnsafeMutableBytes { raw in
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for i in raw.indices {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                raw[i] = UInt8(truncatingIfNeeded: state >> 56)
            }
        }
        try garbage.write(to: store.url(of: ModelStore.landmark))
        #expect(store.status().files.map { $0.state } == [.ok, .checksumMismatch, .missing])
        let error = #expect(throws: HingeCheckError.self) { try BlazePoseEstimator(models: store) }
        #expect(error?.code == .model)
        #expect(error?.path == store.url(of: ModelStore.landmark).path)
        #expect(error?.message.contains("damaged") == true)
        #expect(error?.hint?.contains("hingecheck models install") == true)

        // A short file is caught by its size before hashing.
        try Data("not a network".utf8).write(to: store.url(of: ModelStore.landmark))
        #expect(store.status(checksums: false).files[1].state == .wrongSize)
        #expect(throws: HingeCheckError.self) { try store.verify() }
    }

    /// Checksum stamps: a verified file is not hashed again while it is unchanged, a rewrite of
    /// the same size is hashed again and caught, and a damaged stamp file only means hashing.
    @Test(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage))
    func stampsSkipRehashingOnlyUnchangedFiles() throws {
        let dir = makeTempFolder("hc-models")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = ModelStore(directory: dir)
        for file in ModelStore.files {
            try FileManager.default.copyItem(at: BlazePoseFixtures.models.url(of: file), to: store.url(of: file))
        }
        let stamps = ChecksumStamps(file: dir.appendingPathComponent("cache/verified.json"))
        let landmark = store.url(of: ModelStore.landmark).path
        #expect(stamps.knownSHA256(of: landmark) == nil)
        try store.verify(stamps: stamps)
        #expect(stamps.knownSHA256(of: landmark) == ModelStore.landmark.sha256)
        #expect(try store.verify(stamps: stamps).landmark.path == landmark)

        // Same size, other bytes: the modification time moves, the stamp no longer matches.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: landmark))
        bytes[bytes.count / 2] ^= 0xFF
        Thread.sleep(forTimeInterval: 0.01)
        try bytes.write(to: URL(fileURLWithPath: landmark))
        #expect(stamps.knownSHA256(of: landmark) == nil)
        let error = #expect(throws: HingeCheckError.self) { try store.verify(stamps: stamps) }
        #expect(error?.message.contains("damaged") == true)

        // A damaged stamp file is ignored (the files are hashed), then rewritten.
        try Data("{not json".utf8).write(to: stamps.file)
        #expect(stamps.knownSHA256(of: store.url(of: ModelStore.detector).path) == nil)
        #expect(store.status(stamps: stamps).files[0].state == .ok)
        #expect(stamps.knownSHA256(of: store.url(of: ModelStore.detector).path) == ModelStore.detector.sha256)
    }

    /// Without checksum verification the shim itself must refuse garbage, truncated and missing
    /// files with `.model`, naming the file.
    @Test(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage))
    func shimRejectsBadModelFiles() throws {
        let dir = makeTempFolder("hc-models")
        defer { try? FileManager.default.removeItem(at: dir) }
        let detector = BlazePoseFixtures.models.url(of: ModelStore.detector).path
        let landmark = BlazePoseFixtures.models.url(of: ModelStore.landmark).path
        let garbage = dir.appendingPathComponent("garbage.onnx").path
        try Data((0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }).write(to: URL(fileURLWithPath: garbage))
        let truncated = dir.appendingPathComponent("truncated.onnx").path
        let whole = try Data(contentsOf: URL(fileURLWithPath: landmark))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: truncated))
        let missing = dir.appendingPathComponent("missing.onnx").path

        for (det, lmk, bad) in [(detector, garbage, garbage), (detector, truncated, truncated), (missing, landmark, missing),
                                (landmark, landmark, landmark)] {
            let error = #expect(throws: HingeCheckError.self) { try BlazePoseEstimator(detectorPath: det, landmarkPath: lmk) }
            #expect(error?.code == .model, "\(bad)")
            #expect(error?.path == bad, "\(String(describing: error))")
            #expect(error?.message.contains(bad) == true, "message should name the file: \(String(describing: error))")
            #expect(error?.hint?.contains("hingecheck models install") == true)
        }
        // The mask-free network loads on the shim's second thread: its failure names its own file,
        // also when the other two are fine.
        for bad in [garbage, truncated, missing, detector] {
            let error = #expect(throws: HingeCheckError.self) {
                try BlazePoseEstimator(detectorPath: detector, landmarkPath: landmark, masklessLandmarkPath: bad)
            }
            #expect(error?.code == .model, "\(bad)")
            #expect(error?.path == bad, "\(String(describing: error))")
            #expect(error?.message.contains("without mask head") == true, "\(String(describing: error))")
        }
    }
}
