import Foundation
import PoseCore
import Reports
import Testing
import TestSupport

/// Re-importing the report's own OpenPose folder or TRC file: the body keypoints come back, the
/// back's outline cannot (these formats have no place for it), so every rep is "can't tell" —
/// and the advice says so, instead of pointing at `landmarks --mask`, which does not apply.
@Suite struct OutlineAdviceTests {
    /// A markerless-style set: body landmarks only (no spine points), three reps.
    static func bodyOnlyFrames() -> [PoseFrame] {
        let lift = SyntheticLift(withSpine: false)
        return lift.frames(lift.set(reps: [4, 5, 25]))
    }

    static func checkAdvice(_ input: ReportInput, format: String) throws {
        let result = input.document.result
        #expect(result.reps.count == 3)
        #expect(result.reps.allSatisfy { $0.cantTellReason == .noOutline })
        let warning = try #require(result.warnings.first { $0.code == "no_outline" })
        #expect(warning.message.contains("\(format) files do not carry it"))
        #expect(warning.message.contains("Analyze the video itself"))
        #expect(!warning.message.contains("made without --mask"))
        // The per-rep explanation no longer blames a missing flag.
        #expect(!RepVerdict.Reason.noOutline.explanation.contains("extract landmarks with --mask"))
        #expect(RepVerdict.Reason.noOutline.explanation.contains("outline"))
    }

    @Test func trcReimportSaysTheFormatHasNoOutline() throws {
        let frames = Self.bodyOnlyFrames()
        let header = LandmarkFileHeader(source: "blazepose", skeleton: .blazePose33, width: 640, height: 480, fps: 30)
        let text = TRCExport.pixels(frames, header: header).text(fileName: "landmarks.trc")
        let file = try TRCFile.parse(text, path: "landmarks.trc")
        let source = TRCLandmarkSource()
        let (back, imported) = try TRCLandmarkSource.frames(file, path: "landmarks.trc", fileName: "landmarks.trc",
                                                            settings: PluginSettings(descriptor: source.descriptor))
        #expect(back.source == "trc")
        try Self.checkAdvice(ReportFixtures.analysed(imported, source: back.source), format: "TRC")
    }

    @Test func openPoseReimportSaysTheFormatHasNoOutline() throws {
        let frames = Self.bodyOnlyFrames()
        let folder = ReportFixtures.tempFolder("openpose")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for f in frames {
            try OpenPoseJSON.text(f, model: .body25).write(to: folder.appendingPathComponent(OpenPoseJSON.fileName(stem: "clip", index: f.index)),
                                                           atomically: true, encoding: .utf8)
        }
        let source = OpenPoseLandmarkSource()
        let stream = try source.open(.folder(folder), settings: PluginSettings(descriptor: source.descriptor))
        var imported: [PoseFrame] = []
        while let f = try stream.next() { imported.append(f) }
        #expect(stream.header.source == "openpose")
        try Self.checkAdvice(ReportFixtures.analysed(imported, source: stream.header.source), format: "OpenPose JSON")
    }

    /// A HingeCheck landmark file without the outline keeps the --mask advice: there it applies.
    @Test func jsonlWithoutMaskKeepsTheMaskAdvice() throws {
        let input = try ReportFixtures.analysed(Self.bodyOnlyFrames(), source: "blazepose")
        let warning = try #require(input.document.result.warnings.first { $0.code == "no_outline" })
        #expect(warning.message.contains("landmarks VIDEO --mask"))
        #expect(!warning.message.contains("do not carry"))
    }
}
