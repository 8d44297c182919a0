import Analyzers
import Foundation
import PoseCore
import Reports
import TestSupport

/// Analysed synthetic sets (SyntheticLift: known angles) for the report tests.
enum ReportFixtures {
    /// A 4-rep set with spine points whose last two reps round by 25° (reps 3 and 4 flagged).
    static func spineSet(facing: Facing = .right) throws -> ReportInput {
        let lift = SyntheticLift(facing: facing)
        return try analysed(lift.frames(lift.set(reps: [4, 5, 25, 25])), source: "markers")
    }

    static func analysed(_ frames: [PoseFrame], source: String, input: String = "set.jsonl",
                         width: Int = 640, height: Int = 480) throws -> ReportInput {
        let header = LandmarkFileHeader(source: source, skeleton: .blazePose33, width: width, height: height, fps: 30, input: input)
        let registry = try PluginRegistry(analyzers: BuiltInAnalyzers.all)
        let result = try AnalysisPipeline(registry: registry).analyze(frames: frames, header: header)
        let document = AnalysisDocument(input: input, header: header, frameCount: frames.count, result: result)
        return ReportInput(document: document, frames: frames, header: header)
    }

    /// A 64×48 JPEG (ffmpeg's testsrc2 pattern), standing in for a rep picture.
    static let tinyJPEG = Data(base64Encoded: """
    /9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgMDA4MDhAQEBAQEBMSExQUFBMTExMUFBQVFRUZGRkVFRUUFBUVGBgZGRscGxoa
    GRocHB4eHiQkIiIqKiszMz7/xACQAAADAQEBAQAAAAAAAAAAAAAFBAYDBwAIAQADAQEAAAAAAAAAAAAAAAAEBQYHCBAAAQIEBAMFBgUFAQAAAAAAAQIDABMR
    EjEhBQRRQRSygjIzIhVhQ/AjgcKjYjRC0tMWoVRTEQACAQMCBQEIAwEAAAAAAAACAQMhEQQAEkEyIjEFUbFiYUIzcgaBsyPBc//AABEIADAAQAMBIgACEQAD
    EQD/2gAMAwEAAhEDEQA/AOXKO5cfW2znam4+ABKQkEqUpVAkDiTSCW2d1NlxTaTaSgOE0ZKC3Qm+Yaot/VdSuWMaslKuvZtmrX0y0s1KS6lpVziUnjbyHq4A
    wbQtvoekl0d83pLjeGy/Ml3Y3S+XmUzpCzyfk5M0+uNMd/SBvfsE0JMqtdK5eVKnNqmy8ROPJgOQiBt7hfKbjk6Q22JXbSa7tcFoenVdU2jyau2qpck2MqBS
    pORSQkpUCOYrBdvX9ZeNEbitAVH6e3AAGJJLYAHvJgO+qzoGk0YcQp1dijWSHHLm7yQcBma50xEM7dVw3jaqPOLUhVqTSbY4VLsIAxGYpnTAQgOOEhROCFvt
    UB7b9t+1rW6ub98dIMXFjhZRx9A3vYUlVxIttEnuv0ct/hw1C9JvJsqz1S5tat2S6VmTKy7P1XUrljG6F7vYqUkmwqShQ8CkqSQSlSVC5Kh70mkWV7Xs7opX
    1vO6K83yuomyr8b5X8fMpnbAh9ViNPZRbt3W1uLsWqvTh14LamKIOCaE3eoDxCLoPMZsz2kclt5DzlURFkpucugmrKwkNaG9Mo8cYDEwMkSHcmqNMulx9l1J
    Nt1Tt8us9nvtQW8JS/UkKUTa0AlIGZUVJtA95g97R1m+XMzsmVtYtspW++2y331pXLGBmyXd17Syl91xba7UmgflulTlhAGIzFM6YCKC5HRdLL+r5nTXG6XO
    mWXY3S+XjpnSAMnyOQMlqvqAak3YSFE5Lsk9gt2qkqcy0DnYEOdKpMj+whhdikW5vaZWhTICq73VibrQHrnG889fd7IjJrn9o13nnr7vZEZNc/tAo/TH7Vpl
    5fvlf9S/k0834h88oehFvxD55Q9Ap9/1qbxuR/d/i1HQ0zz+0Kw0zz+0XBdnoqH6g/v2PTzfiHzyh2Em/EPnlDsAH30F5D6o/Yva9e3O2eceUpKag05p4DiY
    12um7t26xqtKV9aBjXiqDcUuk/G7n4oiZco44nZDRJVT9UvXWgflGJHieMzMwGTkRRlYmmFznBOiSfzO1dTDGiai44lKWKk1+I1wPFcGf8b1b/m/NY/uR0bT
    /wB033uwYuYl8ny+RGaSGLlvVF6v39Zr4aYsvHMzSTUrHporbRfFv118VSl8P9iCG12j7t9iK0pXNIxrxMeim0j43c/FHUk/h8cIyaOWluI+q9zTzxgrIzIo
    ioi33t3oBPjf00kxpe8ccSlLVSa/zb4HiqDHsLUv/D8xr+uK7T/3Tfe7Bi3iVyMOMDSTPterXq/hqa/L8g/FeQihhQkJYwSNyXbu5JF8rFW6Vw1//9k=
    """.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " ", with: ""))!

    /// `name` (not made) inside a new folder that is removed when the test process exits.
    static func tempFolder(_ name: String = "report") -> URL {
        TestFolders.make("hc-reports").appendingPathComponent(name)
    }

    /// The repository root (for docs/ files).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

/// Runs a program and returns its status and output (TestSupport's ProgramRunner).
@discardableResult
func runProgram(_ executable: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> (status: Int32, stdout: String, stderr: String) {
    try ProgramRunner.run(executable, arguments, timeout: timeout)
}

func which(_ name: String) -> String? { ProgramRunner.which(name) }
