import Foundation
import PoseCore
import Reports
import Testing
import TestSupport

@Suite struct ReportFolderWriterTests {
    static let order = ["report.json", "reps.csv", "frames.csv", "landmarks.trc", "landmarks_m.trc", "angles.mot", "openpose", "report.html"]

    @Test func writesEveryFileInOrder() throws {
        let input = try ReportFixtures.spineSet()
        let folder = ReportFixtures.tempFolder()
        let written = try ReportFolderWriter.write(input, to: folder)
        #expect(written.map(\.lastPathComponent) == Self.order)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == Self.order.sorted(), "no temporary files are left")
        let openpose = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("openpose").path)
        #expect(openpose.count == input.frames.count)
        #expect(openpose.contains("hingecheck_000000000000_keypoints.json"))
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        for name in Self.order where name != "report.html" { #expect(html.contains("href=\"\(name)"), "\(name)") }
        // Byte-identical when written again.
        let again = ReportFixtures.tempFolder()
        try ReportFolderWriter.write(input, to: again)
        for name in Self.order where name != "openpose" {
            #expect(try Data(contentsOf: folder.appendingPathComponent(name)) == Data(contentsOf: again.appendingPathComponent(name)), "\(name)")
        }
    }

    /// An exporter that fails (a full disk, a bug) after others have written their files.
    struct FailingExporter: ReportFileExporter {
        var descriptor: PluginDescriptor {
            PluginDescriptor(id: "failing-export", kind: .exporter, summary: "fails on purpose", needs: [], emits: ["fail.txt"])
        }
        var outputFiles: [String] { ["fail.txt"] }
        func write(_ report: ReportInput, to folder: URL, settings: PluginSettings) throws -> [URL] {
            throw HingeCheckError(.io, "cannot write: no space left on device", path: folder.appendingPathComponent("fail.txt").path)
        }
    }

    /// Every file under `folder` (relative path → bytes).
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func aFailurePartWayLeavesTheOldReportAsItWas() throws {
        let folder = ReportFixtures.tempFolder()
        try ReportFolderWriter.write(try ReportFixtures.spineSet(facing: .left), to: folder)
        try Data("my notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let before = try Self.snapshot(folder)
        #expect(before.count > 8)

        // Another lift into the same folder; the third exporter fails after two have written.
        let other = try ReportFixtures.spineSet(facing: .right)
        do {
            try ReportFolderWriter.write(other, to: folder, exporters: [JSONReportExporter(), CSVTablesExporter(), FailingExporter(), HTMLReportExporter()])
            Issue.record("expected an error")
        } catch let error as HingeCheckError {
            #expect(error.path == folder.appendingPathComponent("fail.txt").path, "the error names the file in the report folder: \(error)")
        }
        #expect(try Self.snapshot(folder) == before, "every old file as it was, nothing new")
        let parent = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(parent == [folder.lastPathComponent], "no hidden folder left: \(parent)")
    }

    @Test func aRewriteReplacesTheWholeReportAndKeepsOtherFiles() throws {
        let folder = ReportFixtures.tempFolder()
        try ReportFolderWriter.write(try ReportFixtures.spineSet(facing: .left), to: folder)
        try Data("old video".utf8).write(to: folder.appendingPathComponent("annotated.mp4"))
        try Data("my notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let oldJSON = try Data(contentsOf: folder.appendingPathComponent("report.json"))

        let other = try ReportFixtures.spineSet(facing: .right)
        let written = try ReportFolderWriter.write(other, to: folder, exporters: [JSONReportExporter(), CSVTablesExporter()])
        #expect(written.map(\.path) == ["report.json", "reps.csv", "frames.csv"].map { folder.appendingPathComponent($0).path })
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        // The old lift's other report files (TRC, MOT, OpenPose, HTML, annotated video) went with it.
        #expect(names == ["frames.csv", "notes.txt", "report.json", "reps.csv"], "\(names)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("report.json")) != oldJSON)
        #expect(try Data(contentsOf: folder.appendingPathComponent("report.json")) == other.document.jsonData())
        #expect(try String(contentsOf: folder.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes")
        let parent = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(parent == [folder.lastPathComponent], "\(parent)")
    }

    @Test func whatWasInTheWayOfAReportNameIsReplacedWhole() throws {
        let input = try ReportFixtures.spineSet()
        let folder = ReportFixtures.tempFolder()
        // A folder where landmarks.trc goes, a file where the openpose folder goes.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("landmarks.trc"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: folder.appendingPathComponent("landmarks.trc/keep"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("openpose"))
        try ReportFolderWriter.write(input, to: folder)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == Self.order.sorted())
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("openpose").path, isDirectory: &isDir) && isDir.boolValue)
    }

    @Test func unwritableFolderIsAClearError() throws {
        let input = try ReportFixtures.spineSet()
        let parent = ReportFixtures.tempFolder()
        try Data("not a folder".utf8).write(to: parent)
        for target in [parent.appendingPathComponent("report"), parent, URL(fileURLWithPath: "/proc/hc-report")] {
            do {
                try ReportFolderWriter.write(input, to: target)
                Issue.record("expected an error for \(target.path)")
            } catch let error as HingeCheckError {
                #expect(error.code == .io)
                #expect(error.path == target.path)
                #expect(error.hint != nil)
            }
        }
    }

    @Test func rewritingReplacesTheOpenPoseFolder() throws {
        let input = try ReportFixtures.spineSet()
        let folder = ReportFixtures.tempFolder()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("openpose"), withIntermediateDirectories: true)
        try Data("old".utf8).write(to: folder.appendingPathComponent("openpose/stale_keypoints.json"))
        try ReportFolderWriter.write(input, to: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("openpose").path)
        #expect(!names.contains("stale_keypoints.json") && names.count == input.frames.count)
    }

    @Test func badSettingsFailBeforeAnyFile() throws {
        let input = try ReportFixtures.spineSet()
        let folder = ReportFixtures.tempFolder()
        #expect(throws: HingeCheckError.self) {
            try ReportFolderWriter.write(input, to: folder) { d in
                try PluginSettings(descriptor: d, overrides: d.id == "trc-export" ? ["lifter-heigth": "1.8"] : [:])
            }
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).isEmpty)
    }

    @Test func exporterPluginsHaveStableIDsAndTheirFiles() throws {
        let ids = ReportExporters.all.map(\.descriptor.id)
        #expect(ids == ["json-report", "csv-tables", "trc-export", "mot-export", "openpose-export", "html-report"])
        #expect(ReportExporters.all.flatMap(\.outputFiles) == Self.order)
        // The plugin protocol's entry point writes the same files.
        let input = try ReportFixtures.spineSet()
        let folder = ReportFixtures.tempFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try MOTExporter().export(input.document.result, frames: try input.frames.array(), header: input.header, to: folder,
                                 settings: try PluginSettings(descriptor: MOTExporter().descriptor))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("angles.mot").path))
    }
}
