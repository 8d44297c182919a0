import Foundation
import PoseCore
import Testing
import TestSupport
@testable import Reports

/// The report folder from spooled frames, written file by file as the frames are read back
/// (issue #21), is byte for byte the folder the in-memory path writes, and each streamed file
/// is the text the whole-table functions build.
@Suite struct StreamedReportTests {
    static func files(in folder: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        for name in try fm.subpathsOfDirectory(atPath: folder.path).sorted() {
            var isDir: ObjCBool = false
            let url = folder.appendingPathComponent(name)
            if fm.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue { out[name] = try Data(contentsOf: url) }
        }
        return out
    }

    static func spooled(_ frames: [PoseFrame]) throws -> PoseFrames {
        let spool = try FrameSpool()
        for f in frames { try spool.append(f) }
        return PoseFrames(spool: spool)
    }

    @Test(arguments: [Facing.right, .left])
    func aSpooledReportIsTheInMemoryReport(facing: Facing) throws {
        let memory = try ReportFixtures.spineSet(facing: facing)
        var spooled = memory
        spooled.frames = try Self.spooled(try memory.frames.array())
        let a = ReportFixtures.tempFolder("memory"), b = ReportFixtures.tempFolder("spooled")
        try ReportFolderWriter.write(memory, to: a)
        try ReportFolderWriter.write(spooled, to: b)
        let left = try Self.files(in: a), right = try Self.files(in: b)
        #expect(left.count == 7 + memory.frames.count)   // report.json, 2 csv, 2 trc, mot, html + openpose/
        #expect(left.keys.sorted() == right.keys.sorted())
        for (name, data) in left { #expect(right[name] == data, "\(name) differs") }
        // No temporary file is left in the folder.
        #expect(!right.keys.contains { $0.hasPrefix(".") || $0.contains("/.") })
    }

    /// Each streamed file against the function that builds it as one string (the path before
    /// streaming), including a header without a frame rate (the TRC rate from time stamps) and
    /// frames whose first index is not 0.
    @Test func streamedFilesAreTheWholeTexts() throws {
        let input = try ReportFixtures.spineSet()
        let all = try input.frames.array()
        let frames = Array(all.dropFirst(7))
        var header = input.header
        header.fps = 0
        let spooled = try Self.spooled(frames)
        var px = "", m = ""
        try TRCExport.writePixels(spooled, header: header, fileName: "landmarks.trc", into: &px)
        try TRCExport.writeMetric(spooled, header: header, facing: .right, pxPerMetre: 321.5, fileName: "landmarks_m.trc", into: &m)
        #expect(px == TRCExport.pixels(frames, header: header).text(fileName: "landmarks.trc"))
        #expect(m == TRCExport.metric(frames, header: header, facing: .right, pxPerMetre: 321.5).text(fileName: "landmarks_m.trc"))
        #expect(px.hasPrefix("PathFileType") && px.contains("\t8\t"))   // OrigDataStartFrame: index 7 + 1

        let folder = ReportFixtures.tempFolder("files")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var report = input
        report.frames = spooled
        let settings = { (e: any ReportFileExporter) in try PluginSettings(descriptor: e.descriptor) }
        _ = try CSVTablesExporter().write(report, to: folder, settings: settings(CSVTablesExporter()))
        _ = try MOTExporter().write(report, to: folder, settings: settings(MOTExporter()))
        _ = try OpenPoseExporter().write(report, to: folder, settings: settings(OpenPoseExporter()))
        let text = { (name: String) in try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }
        #expect(try text("frames.csv") == CSVTables.frames(input.document.result))
        #expect(try text("angles.mot") == MOTExport.text(input.document.result))
        let openpose = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("openpose").path).sorted()
        #expect(openpose == frames.map { OpenPoseJSON.fileName(stem: "hingecheck", index: $0.index) }.sorted())
        for f in frames.prefix(40) {
            #expect(try text("openpose/" + OpenPoseJSON.fileName(stem: "hingecheck", index: f.index)) == OpenPoseJSON.text(f))
        }
    }

    /// A streamed file whose writer fails part-way leaves nothing under its name, nor a
    /// temporary file.
    @Test func aFailedStreamLeavesNoFile() throws {
        let folder = ReportFixtures.tempFolder("failed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent("frames.csv")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try AtomicFile.stream(to: url) { out in
                out.write("frame,time_s\n")
                throw Boom()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        #expect(throws: Boom.self) {
            try AtomicFile.writeFolder(to: folder.appendingPathComponent("openpose")) { write in
                try write("a.json", Data("{}".utf8))
                throw Boom()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
