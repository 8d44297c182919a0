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

    @Test func aLaterFileInTheWayLeavesTheEarlierOnesWhole() throws {
        let input = try ReportFixtures.spineSet()
        let clean = ReportFixtures.tempFolder()
        try ReportFolderWriter.write(input, to: clean)
        let folder = ReportFixtures.tempFolder()
        // A non-empty folder where landmarks.trc goes: the rename fails there.
        let blocker = folder.appendingPathComponent("landmarks.trc")
        try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: blocker.appendingPathComponent("keep"))
        do {
            try ReportFolderWriter.write(input, to: folder)
            Issue.record("expected an error")
        } catch let error as HingeCheckError {
            #expect(error.code == .io)
            #expect(error.path == blocker.path, "\(error)")
        }
        for name in ["report.json", "reps.csv", "frames.csv"] {
            #expect(try Data(contentsOf: folder.appendingPathComponent(name)) == Data(contentsOf: clean.appendingPathComponent(name)), "\(name) whole")
        }
        for name in ["landmarks_m.trc", "angles.mot", "openpose", "report.html"] {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path), "\(name) not written")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        // A file where the openpose folder goes.
        let other = ReportFixtures.tempFolder()
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: other.appendingPathComponent("openpose"))
        #expect(throws: HingeCheckError.self) { try ReportFolderWriter.write(input, to: other) }
        #expect(FileManager.default.fileExists(atPath: other.appendingPathComponent("angles.mot").path))
        #expect(!FileManager.default.fileExists(atPath: other.appendingPathComponent("report.html").path))
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
        try MOTExporter().export(input.document.result, frames: input.frames, header: input.header, to: folder,
                                 settings: try PluginSettings(descriptor: MOTExporter().descriptor))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("angles.mot").path))
    }
}
