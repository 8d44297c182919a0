import Foundation
import PoseCore
import Testing
@testable import PoseCapture

/// Issue 4's check: BlazePose finds the generated figure on ≥ 95% of the frames of every
/// side-view sample clip (the real markerless path on the project's own videos).
@Suite struct BlazePoseSampleVideoTests {
    static let sampleFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleVideos")

    /// Side-view clips, read from each truth file's generator settings.
    static let sideViewClips: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: sampleFolder.path)) ?? []
        return files.filter { $0.hasSuffix(".truth.json") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: sampleFolder.appendingPathComponent(name).path),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let generator = json["generator"] as? [String: Any], generator["view"] as? String == "side" else { return nil }
            return name.replacingOccurrences(of: ".truth.json", with: ".mp4")
        }
    }()

    @Test(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage), arguments: sideViewClips)
    func figureIsFoundOnAlmostEveryFrame(clip: String) throws {
        let source = BlazePoseSource()
        let settings = try PluginSettings(descriptor: source.descriptor)
        let stream = try source.open(.file(Self.sampleFolder.appendingPathComponent(clip)), settings: settings)
        var total = 0, found = 0
        while let frame = try stream.next() {
            total += 1
            if !frame.landmarks.isEmpty { found += 1 }
        }
        #expect(total > 200)
        #expect(Double(found) / Double(total) >= 0.95, "\(clip): found on \(found) of \(total) frames")
    }

    @Test func thereAreSideViewClips() {
        #expect(Self.sideViewClips.count >= 4)
    }
}
