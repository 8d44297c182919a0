import PoseCore

/// `analyze --timings`' table: each stage's share of the run, its mean per frame that ran it,
/// and how many frames did.
enum StageTable {
    static func render(_ times: StageTimes, frames: Int) -> String {
        let total = max(times.totalMs, 1e-9)
        var lines = ["stage                                  frames   total ms   ms/frame   share"]
        for s in times.stages {
            let name = s.name.padding(toLength: 36, withPad: " ", startingAt: 0)
            lines.append("\(name) \(pad(s.count, 8)) \(pad(s.totalMs, 10, 1)) \(pad(s.meanMs, 10, 2)) \(pad(100 * s.totalMs / total, 6, 1))%")
        }
        lines.append("\("all stages".padding(toLength: 36, withPad: " ", startingAt: 0)) \(pad(frames, 8)) \(pad(times.totalMs, 10, 1)) \(pad(times.totalMs / Double(max(frames, 1)), 10, 2))")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        String(String(value).reversed()).padding(toLength: width, withPad: " ", startingAt: 0).reversed().map(String.init).joined()
    }

    private static func pad(_ value: Double, _ width: Int, _ decimals: Int) -> String {
        let text = value.formatted(.number.precision(.fractionLength(decimals)).grouping(.never))
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
