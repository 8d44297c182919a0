import Foundation
import PoseCore
import Reports
import Testing
import TestSupport

@Suite struct ReportSchemaTests {
    static let schemaURL = ReportFixtures.root.appendingPathComponent("docs/report-schema.json")

    func schema() throws -> JSONSchemaCheck {
        let data = try Data(contentsOf: Self.schemaURL)
        return JSONSchemaCheck(root: try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any]))
    }

    /// Documents of every shape: spine points (flags, fatigue), markerless-like (reference
    /// changed), no reps (fatigue null), empty input.
    func documents() throws -> [AnalysisDocument] {
        var docs = [try ReportFixtures.spineSet().document, try ReportFixtures.spineSet(facing: .left).document]
        let lift = SyntheticLift(withSpine: false)
        docs.append(try ReportFixtures.analysed(lift.frames(lift.set(reps: [0, 0, 0])), source: "blazepose").document)
        docs.append(try ReportFixtures.analysed([], source: "jsonl").document)
        docs.append(try Self.withPluginResults())
        return docs
    }

    /// The spine set with a plugin's results (docs/examples/swift-analyzer's `rep-tempo`).
    static func withPluginResults() throws -> AnalysisDocument {
        var doc = try ReportFixtures.spineSet().document
        doc.result.analyzerOutputs["rep-tempo"] = AnalyzerOutput(values: ["mean_descent_s": 1.5],
                                                                 repValues: [2: ["descent_s": 1.6], 1: ["descent_s": 1.4]],
                                                                 units: ["descent_s": "s", "mean_descent_s": "s"])
        return doc
    }

    /// A built-in analysis has no `analyzers` key (its report.json reads as before); a plugin's
    /// results appear under its id, reps in rep order.
    @Test func analyzersKeyOnlyWithAPluginsResults() throws {
        let plain = try #require(try JSONSerialization.jsonObject(with: try ReportFixtures.spineSet().document.jsonData()) as? [String: Any])
        #expect(plain["analyzers"] == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: try Self.withPluginResults().jsonData()) as? [String: Any])
        let tempo = try #require((json["analyzers"] as? [String: Any])?["rep-tempo"] as? [String: Any])
        let reps = try #require(tempo["reps"] as? [[String: Any]])
        #expect(reps.map { $0["index"] as? Int } == [1, 2])
        #expect(reps.map { ($0["values"] as? [String: Double])?["descent_s"] } == [1.4, 1.6])
        #expect((tempo["values"] as? [String: Double])?["mean_descent_s"] == 1.5)
    }

    @Test func documentsMatchTheSchema() throws {
        let check = try schema()
        for doc in try documents() {
            let object = try JSONSerialization.jsonObject(with: try doc.jsonData())
            #expect(check.errors(object).isEmpty, "\(check.errors(object))")
        }
    }

    /// The checker itself catches what it should: a missing key, a wrong type, an extra key, an
    /// out-of-range value, a wrong enum value.
    @Test func theCheckerRejectsBrokenDocuments() throws {
        let check = try schema()
        let good = try #require(try JSONSerialization.jsonObject(with: try ReportFixtures.spineSet().document.jsonData()) as? [String: Any])
        var a = good; a["summary"] = nil
        var b = good; b["fps"] = "30"
        var c = good; c["extra"] = 1
        var d = good
        var reps = try #require(d["reps"] as? [[String: Any]]); reps[0]["confidence"] = 1.5; d["reps"] = reps
        var e = good
        var ref = try #require(e["reference"] as? [String: Any]); ref["kind"] = "guess"; e["reference"] = ref
        var f = good
        var reps2 = try #require(f["reps"] as? [[String: Any]]); reps2[1]["posture_lost"] = "no"; f["reps"] = reps2
        for (broken, expected) in [(a, "missing summary"), (b, "$.fps"), (c, "unexpected extra"), (d, "$.reps[0].confidence"),
                                   (e, "$.reference.kind"), (f, "$.reps[1].posture_lost")] {
            let errors = check.errors(broken)
            #expect(errors.contains { $0.contains(expected) }, "\(expected): \(errors)")
        }
    }

    /// The same check with Python's `jsonschema` (Draft 2020-12), when it is installed.
    @Test(.enabled(if: pythonHasJSONSchema, "python3 with jsonschema is not installed"))
    func pythonJSONSchemaAgrees() throws {
        let folder = ReportFixtures.tempFolder("schema")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var paths: [String] = []
        for (i, doc) in try documents().enumerated() {
            let url = folder.appendingPathComponent("doc\(i).json")
            try doc.jsonData().write(to: url)
            paths.append(url.path)
        }
        let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        v = jsonschema.Draft202012Validator(schema)
        bad = 0
        for p in sys.argv[2:]:
            for e in v.iter_errors(json.load(open(p))):
                bad += 1; print(p, list(e.path), e.message)
        sys.exit(1 if bad else 0)
        """
        let r = try runProgram(which("python3")!, ["-c", script, Self.schemaURL.path] + paths)
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
    }

    static let pythonHasJSONSchema: Bool = {
        guard let py = which("python3") else { return false }
        return (try? runProgram(py, ["-c", "import jsonschema"]).status) == 0
    }()
}
