import Analyzers
import Foundation
import PoseCapture
import PoseCore
import Reports
import Testing
import TestSupport
@testable import Workflows

/// Batch runs over small landmark files (SyntheticLift), a truncated video and a text file.
@Suite struct BatchRunnerTests {
    static let registry = try! PluginRegistry(sources: [JSONLLandmarkSource(), BlazePoseSource()],
                                              analyzers: BuiltInAnalyzers.all, exporters: ReportExporters.all)

    /// `name` inside a new folder that is removed when the test process exits (TestFolders).
    func folder(_ name: String = "in") -> URL {
        let url = TestFolders.make("hc-batch").appendingPathComponent(name)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A landmark file of a set with the given lumbar losses (reps with ≥ 15° are flagged).
    @discardableResult
    func landmarkFile(_ url: URL, losses: [Double]) throws -> URL {
        let lift = SyntheticLift()
        return try lift.writeLandmarkFile(lift.frames(lift.set(reps: losses)), to: url)
    }

    /// Good inputs in nested folders, a truncated mp4 and a text file posing as landmarks.
    func mixedFolder() throws -> URL {
        let input = folder()
        try landmarkFile(input.appendingPathComponent("anna/anna_2026-11-20_set1.jsonl"), losses: [5, 25, 25])
        try landmarkFile(input.appendingPathComponent("anna/anna_2026-11-20_set2.jsonl"), losses: [4, 5])
        try landmarkFile(input.appendingPathComponent("ben_2026-11-21_set1.jsonl"), losses: [3, 4, 30])
        let clip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleVideos/kb-swing.mp4")
        let bytes = try Data(contentsOf: clip)
        try bytes.prefix(bytes.count / 3).write(to: input.appendingPathComponent("truncated.mp4"))
        try Data("these are my notes, not landmarks\n".utf8).write(to: input.appendingPathComponent("notes.jsonl"))
        try Data("ignored: not a picked-up extension\n".utf8).write(to: input.appendingPathComponent("readme.md"))
        return input
    }

    func runner(_ args: [String], out: URL, force: Bool = false, shard: BatchShard = .all) -> BatchRunner {
        BatchRunner(registry: Self.registry, options: .init(arguments: args, outputFolder: out.path, jobs: 2, force: force,
                                                             shard: shard, reportVideo: .none))
    }

    @Test func finishesTheGoodInputsListsTheFailuresAndResumes() throws {
        let input = try mixedFolder()
        let out = input.deletingLastPathComponent().appendingPathComponent("out")
        let first = runner([input.path], out: out)
        let plan = try first.plan()
        #expect(plan.inputs.count == 5)
        #expect(plan.skipped.isEmpty)
        let outcome = try first.run(plan)
        let entries = outcome.summary.entries
        #expect(entries.map { URL(fileURLWithPath: $0.input).lastPathComponent }
                == ["anna_2026-11-20_set1.jsonl", "anna_2026-11-20_set2.jsonl", "ben_2026-11-21_set1.jsonl", "notes.jsonl", "truncated.mp4"])
        #expect(entries.map(\.status) == [.done, .done, .done, .failed, .failed])
        #expect(!outcome.allSucceeded)
        #expect(outcome.analysed == 3 && outcome.failed == 2)
        #expect(entries[0].flaggedReps == [2, 3])
        #expect(entries[0].athlete == "anna" && entries[0].date == "2026-11-20" && entries[0].set == 1)
        #expect(entries[1].verdict == .held)
        #expect(entries[2].flaggedReps == [3])
        #expect(entries[2].worstLumbarFlexionDeg.map { $0 > 20 } == true)
        #expect(entries[3].error?.contains("notes.jsonl") == true)
        #expect(entries[4].error?.contains("truncated.mp4") == true)

        let csv = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("input,report,athlete,date,set,kind,status"))
        #expect(lines.filter { $0.contains(",failed,") }.count == 2)
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("2 of 5 inputs not analysed"))
        #expect(html.contains("truncated.mp4") && html.contains("notes.jsonl"))
        #expect(html.contains("\(entries[0].folder)/report.html"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        for e in entries where e.status == .done {
            let folder = out.appendingPathComponent(e.folder)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report.html").path))
            #expect(BatchMarker.read(in: folder)?.entry == e)
        }
        #expect(BatchMarker.read(in: out.appendingPathComponent(entries[3].folder)) == nil)

        // Second run: the three complete reports are skipped (their done.json untouched), the
        // two failures are retried.
        let marker = out.appendingPathComponent(entries[0].folder).appendingPathComponent(BatchMarker.fileName)
        let stamp = try FileManager.default.attributesOfItem(atPath: marker.path)[.modificationDate] as? Date
        let again = runner([input.path], out: out)
        let plan2 = try again.plan()
        #expect(plan2.skipped.map(\.input) == entries.prefix(3).map(\.input))
        #expect(plan2.toRun.map(\.path) == entries.suffix(2).map(\.input))
        let outcome2 = try again.run(plan2)
        #expect(outcome2.skipped == 3 && outcome2.analysed == 0 && outcome2.failed == 2)
        #expect(try FileManager.default.attributesOfItem(atPath: marker.path)[.modificationDate] as? Date == stamp)
        #expect(try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8) == csv)

        // A changed input is redone; --force redoes everything.
        try landmarkFile(URL(fileURLWithPath: entries[1].input), losses: [4, 5, 6])
        #expect(try runner([input.path], out: out).plan().toRun.count == 3)
        #expect(try runner([input.path], out: out, force: true).plan().toRun.count == 5)
        // A report made by another version (which may measure differently) is redone too.
        var older = try #require(BatchMarker.read(in: out.appendingPathComponent(entries[2].folder)))
        older.generator = "hingecheck 0.1.0"
        try older.write(in: out.appendingPathComponent(entries[2].folder))
        #expect(try runner([input.path], out: out).plan().toRun.map(\.path).contains(entries[2].input))
    }

    @Test func stoppingMarksTheRestPendingAndTheNextRunFinishes() throws {
        let input = folder()
        for i in 0..<4 { try landmarkFile(input.appendingPathComponent("set\(i).jsonl"), losses: [5, 5]) }
        let out = input.deletingLastPathComponent().appendingPathComponent("out")
        let stop = BatchStopFlag()
        stop.stop()
        let r = runner([input.path], out: out)
        let stopped = try r.run(try r.plan(), stop: stop)
        #expect(stopped.interrupted)
        #expect(stopped.summary.entries.allSatisfy { $0.status == .pending })
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.csv").path))
        let resumed = try r.run(try r.plan())
        #expect(resumed.analysed == 4 && resumed.allSucceeded)
    }

    /// A stop reaches the observers (a child process's SIGTERM) once, as it happens; one added
    /// after the stop is told at once, one removed is not told.
    @Test func aStopTellsItsObserversOnce() {
        let stop = BatchStopFlag()
        let told = LockedValue([Int]())
        let first = stop.onStop { told.withLock { $0.append(1) } }
        let removed = stop.onStop { told.withLock { $0.append(2) } }
        stop.removeObserver(removed)
        #expect(told.get().isEmpty)
        stop.stop()
        stop.stop()
        #expect(told.get() == [1])
        _ = stop.onStop { told.withLock { $0.append(3) } }
        #expect(told.get() == [1, 3])
        stop.removeObserver(first)
        #expect(stop.isStopped)
    }

    @Test func shardsPartitionTheInputsExactlyAndStably() throws {
        let inputs = (0..<200).map { BatchInput(path: "/data/lifts/athlete\($0 % 7)/set\($0).mp4") }
        for n in 1...6 {
            let shards = try (0..<n).map { try BatchShard(index: $0, count: n).select(inputs) }
            let all = shards.flatMap { $0 }
            #expect(all.count == inputs.count, "shards of \(n) overlap or miss inputs")
            #expect(Set(all.map(\.path)) == Set(inputs.map(\.path)))
            // Stable: the same again, and an input's shard does not depend on the others.
            let again = try (0..<n).map { try BatchShard(index: $0, count: n).select(inputs) }
            #expect(again == shards)
            let alone = try (0..<n).map { try BatchShard(index: $0, count: n).select(Array(inputs.prefix(17))) }
            for k in 0..<n { #expect(alone[k] == shards[k].filter { inputs.prefix(17).contains($0) }) }
            if n > 1 { #expect(shards.allSatisfy { $0.count > 200 / n / 2 }, "shards of \(n) unbalanced: \(shards.map(\.count))") }
        }
        #expect(BatchNaming.stableHash("") == 0xcbf2_9ce4_8422_2325)
        #expect(throws: HingeCheckError.self) { try BatchShard(parsing: "3/3") }
        #expect(throws: HingeCheckError.self) { try BatchShard(parsing: "1-of-3") }
        #expect(try BatchShard(parsing: "2/8").fileSuffix == ".shard-2-of-8")
    }

    @Test func mergeOfShardsReproducesTheSingleRunSummary() throws {
        let input = try mixedFolder()
        for i in 0..<5 { try landmarkFile(input.appendingPathComponent("more/carl_2026-12-0\(i + 1)_set1.jsonl"), losses: [5, Double(10 * i)]) }
        let base = input.deletingLastPathComponent()
        let single = base.appendingPathComponent("single")
        _ = try runner([input.path], out: single).run(try runner([input.path], out: single).plan())

        // Three workers sharing one output folder, then merge in place.
        let shared = base.appendingPathComponent("shared")
        var seen: [String] = []
        for i in 0..<3 {
            let r = runner([input.path], out: shared, shard: try BatchShard(index: i, count: 3))
            let outcome = try r.run(try r.plan())
            seen += outcome.summary.entries.map(\.input)
            #expect(FileManager.default.fileExists(atPath: shared.appendingPathComponent("summary.shard-\(i)-of-3.csv").path))
        }
        #expect(seen.sorted() == Set(seen).sorted() && seen.count == 10)
        let merged = try BatchSummary.merge([shared], into: shared)
        try merged.write(to: shared)
        for name in ["summary.csv", "index.html", "batch.json"] {
            #expect(try Data(contentsOf: shared.appendingPathComponent(name)) == Data(contentsOf: single.appendingPathComponent(name)), "\(name)")
        }

        // Workers with their own folders: the same rows, links pointing into each worker's folder.
        var folders: [URL] = []
        for i in 0..<3 {
            let own = base.appendingPathComponent("worker\(i)")
            folders.append(own)
            let r = runner([input.path], out: own, shard: try BatchShard(index: i, count: 3))
            _ = try r.run(try r.plan())
        }
        let all = base.appendingPathComponent("all")
        try FileManager.default.createDirectory(at: all, withIntermediateDirectories: true)
        let joined = try BatchSummary.merge(folders, into: all)
        let reference = try BatchSummary.read(single.appendingPathComponent("batch.json"))
        #expect(joined.entries.count == reference.entries.count)
        for (a, b) in zip(joined.entries, reference.entries) {
            var a = a
            #expect(a.folder.hasPrefix("../worker"))
            #expect(a.folder.hasSuffix("/" + b.folder))
            a.folder = b.folder
            #expect(a == b)
        }
        // A worker killed before writing its summary: its complete reports are still found.
        // (Shards hash the input paths, which lie in a fresh temporary folder: which inputs shard 0
        // gets changes from run to run, so both outcomes are checked.)
        try FileManager.default.removeItem(at: folders[0].appendingPathComponent("batch.shard-0-of-3.json"))
        let first = try BatchShard(index: 0, count: 3)
        let lost = reference.entries.filter { $0.status != .done && first.contains(BatchInput(path: $0.input)) }
        if reference.entries.contains(where: { $0.status == .done && first.contains(BatchInput(path: $0.input)) }) {
            let partial = try BatchSummary.merge(folders, into: all)
            #expect(partial.entries.count == reference.entries.count - lost.count)
        } else {
            // Nothing of shard 0 finished: its folder holds nothing to merge, and says so.
            #expect(throws: HingeCheckError.self) { try BatchSummary.merge(folders, into: all) }
        }
    }

    @Test func expandsFoldersGlobsAndLists() throws {
        let input = try mixedFolder()
        let base = input.deletingLastPathComponent()
        let out = input.appendingPathComponent("out")          // inside an input folder: never searched
        try landmarkFile(out.appendingPathComponent("old/landmarks.jsonl"), losses: [5])
        let byFolder = BatchInputs.expand([input.path], excluding: [out.path])
        #expect(byFolder.inputs.count == 5)
        #expect(!byFolder.inputs.contains { $0.path.contains("/out/") })
        let glob = BatchInputs.expand([input.path + "/anna/*.jsonl", input.path + "/none/*.mp4"])
        #expect(glob.inputs.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["anna_2026-11-20_set1.jsonl", "anna_2026-11-20_set2.jsonl"])
        #expect(glob.notes.count == 1)
        let list = base.appendingPathComponent("list.txt")
        try Data("# my lifts\nin/ben_2026-11-21_set1.jsonl\n\n\(input.path)/anna\nin/missing.mp4\nin/ben_2026-11-21_set1.jsonl\n".utf8).write(to: list)
        let listed = BatchInputs.expand([list.path])
        #expect(listed.inputs.map { URL(fileURLWithPath: $0.path).lastPathComponent }
                == ["anna_2026-11-20_set1.jsonl", "anna_2026-11-20_set2.jsonl", "ben_2026-11-21_set1.jsonl", "missing.mp4"])
        #expect(listed.inputs.last?.kind == .video)
        #expect(BatchInputs.expand([input.path], extensions: ["mp4"]).inputs.count == 1)
    }

    @Test(arguments: [
        ("anna_2026-11-20_set1.mp4", "anna", "2026-11-20", 1),
        ("Anna Smith-20261120-Set_03.mov", "Anna Smith", "2026-11-20", 3),
        ("2026-11-20_set2.mp4", nil, "2026-11-20", 2),
        ("lift.mp4", nil, nil, nil),
        ("sunset12.mp4", nil, nil, nil),
        ("clip_2026-13-40.mp4", nil, nil, nil),
        ("2026-11-20/ben_set4.mp4", "ben", "2026-11-20", 4),
    ] as [(String, String?, String?, Int?)])
    func readsAthleteDateAndSetFromNames(name: String, athlete: String?, date: String?, set: Int?) {
        let facts = BatchNaming.facts(for: "/data/" + name)
        #expect(facts.athlete == athlete)
        #expect(facts.date == date)
        #expect(facts.set == set)
    }

    @Test func folderNamesAreStableReadableAndDistinct() {
        let a = BatchNaming.folderName(for: "/x/anna/set1.mp4")
        #expect(a == BatchNaming.folderName(for: "/x/anna/set1.mp4"))
        #expect(a.hasPrefix("set1-") && a.count == "set1-".count + 8)
        let others = ["/x/ben/set1.mp4", "/x/anna/set1.jsonl", "/x/anna/set1.MP4"].map(BatchNaming.folderName(for:))
        #expect(Set(others + [a]).count == 4)
        let odd = BatchNaming.folderName(for: "/x/..hidden ünïcode #1?.mp4")
        #expect(odd.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        #expect(!odd.hasPrefix("."))
    }

    @Test func defaultJobsRespectCoresAndMemory() {
        #expect(BatchResources.defaultJobs(hasVideo: false, cores: 8, availableMemory: 1_000_000_000) == 8)
        #expect(BatchResources.defaultJobs(hasVideo: true, cores: 8, availableMemory: 4_600_000_000) == 3)
        #expect(BatchResources.defaultJobs(hasVideo: true, cores: 2, availableMemory: 64_000_000_000) == 2)
        #expect(BatchResources.defaultJobs(hasVideo: true, cores: 8, availableMemory: 100_000_000) == 1)
        #expect(BatchResources.threadsPerJob(jobs: 3, cores: 8) == 2)
        #expect(BatchResources.threadsPerJob(jobs: 16, cores: 8) == 1)
    }
}
