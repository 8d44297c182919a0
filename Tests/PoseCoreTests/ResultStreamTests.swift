import Foundation
import Testing
import PoseCore

/// Typed streams stay plain strings in JSON (`hingecheck plugins --json`, report files), so the
/// typed API changed nothing a reader of those files sees.
@Suite struct ResultStreamTests {
    @Test func aDescriptorsStreamsEncodeAsStringsAndDecodeBack() throws {
        let d = PluginDescriptor(id: "rep-tempo", kind: .analyzer, summary: "tempo", needs: [.kinematics, .reps], emits: ["rep-tempo"])
        let data = try JSONEncoder().encode(d)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["needs"] as? [String] == ["kinematics", "reps"])
        #expect(object["emits"] as? [String] == ["rep-tempo"])
        let back = try JSONDecoder().decode(PluginDescriptor.self, from: data)
        #expect(back == d)
        #expect(back.emits.first == ResultStream("rep-tempo"))
        #expect(ResultStream.repLumbar.name == "rep-lumbar" && "\(ResultStream.repVerdicts)" == "rep-verdicts")
    }
}
