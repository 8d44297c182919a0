// Replays a long generated live session through the live cue path (`LiveCueTracker`: a rolling
// `AnalysisSession` and the cue rules) and prints, per minute, the per-frame analysis cost and
// the verdict latency, so it can be seen that neither grows with the session's length (issue
// #20). Run from the repository root:
//
//   bash Benchmarks/live_flat_cost.sh                 # 60 minutes, whole-retention baseline 5 min
//   swift run -c release --package-path Benchmarks LiveReplay --minutes 10 --whole-minutes 3
//
// The session: sets of five reps (lumbar losses 4, 22, 6, 25, 5° — two rounded) after 2 s of
// quiet standing, 30 s rest between sets, 30 fps, spine points (SyntheticLift). Frames "arrive"
// at their own timestamps: the tracker's clock is the frame's time plus the real time spent on it,
// so its throttle (snapshots may take 10 % of the time) behaves as with a camera.
//
// Columns: per-frame cost = wall time of `LiveCueTracker.observe` (measure + cue + snapshot when
// one is due), microseconds; window = samples the session keeps (rolling: those an analyser may
// still read); latency = from
// the start of a rep's flagged moment (as `analyze` dates it) to the first frame whose cue was
// confirmed, milliseconds of session time.
import AnalyzerConformance
import Analyzers
import Dispatch
import Foundation
import PoseCore
import Workflows

struct Options {
    var minutes = 60.0
    var wholeMinutes = 5.0

    init(_ arguments: [String]) {
        var it = arguments.dropFirst().makeIterator()
        while let a = it.next() {
            switch a {
            case "--minutes": minutes = Double(it.next() ?? "") ?? minutes
            case "--whole-minutes": wholeMinutes = Double(it.next() ?? "") ?? wholeMinutes
            default:
                FileHandle.standardError.write(Data("usage: LiveReplay [--minutes M] [--whole-minutes W]\n".utf8))
                exit(2)
            }
        }
    }
}

/// The tracker's clock: the arriving frame's time plus the real time spent on it since.
final class ReplayClock: @unchecked Sendable {
    var frameNs: UInt64 = 0
    var realStartNs: UInt64 = 0
    func begin(frameTimeS: Double) {
        frameNs = UInt64(frameTimeS * 1e9)
        realStartNs = DispatchTime.now().uptimeNanoseconds
    }
    func now() -> UInt64 { frameNs &+ (DispatchTime.now().uptimeNanoseconds &- realStartNs) }
}

/// The generated session's truth, frame by frame (small: frames are made when replayed).
func sessionTruth(minutes: Double, lift: SyntheticLift) -> [SyntheticLift.Truth] {
    var truth: [SyntheticLift.Truth] = []
    let total = Int(minutes * 60 * lift.fps)
    while truth.count < total {
        truth += lift.set(standingS: 2, reps: [4, 22, 6, 25, 5])
        truth += Array(repeating: SyntheticLift.Truth(inclination: 2, lumbar: 30), count: Int(30 * lift.fps))
    }
    return Array(truth.prefix(total))
}

struct MinuteRow {
    var costsUs: [Double] = []
    var windows: [Int] = []
    var snapshots = 0
}

struct Replay {
    var rows: [MinuteRow]
    /// First confirmed cue time per frame index range: (time) of each confirmed frame.
    var confirmedTimes: [Double]
    var result: AnalysisResult
}

func replay(_ truth: [SyntheticLift.Truth], lift: SyntheticLift, retention: AnalysisSession.Retention,
            header: LandmarkFileHeader, registry: PluginRegistry) throws -> Replay {
    let clock = ReplayClock()
    let analyzer = try LiveAnalyzer(registry: registry, config: AnalysisConfig(), profile: nil)
    var tracker = try LiveCueTracker(analyzer: analyzer, header: header, retention: retention, clock: { clock.now() })
    var rows: [MinuteRow] = []
    var confirmed: [Double] = []
    var lastSnapshotCost = -1.0
    for (i, t) in truth.enumerated() {
        let frame = lift.frame(index: i, truth: t)
        clock.begin(frameTimeS: frame.time)
        let started = DispatchTime.now().uptimeNanoseconds
        let step = try tracker.observe(frame)
        let costUs = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e3
        let minute = Int(frame.time / 60)
        while rows.count <= minute { rows.append(MinuteRow()) }
        rows[minute].costsUs.append(costUs)
        if tracker.analysis.costS != lastSnapshotCost || tracker.analysis.analysedUntilS == frame.time {
            if tracker.analysis.analysedUntilS == frame.time {
                rows[minute].snapshots += 1
                rows[minute].windows.append(tracker.analysis.samplesAnalysed)
            }
            lastSnapshotCost = tracker.analysis.costS
        }
        if step.banner == .confirmed { confirmed.append(frame.time) }
    }
    var session = tracker.session
    return Replay(rows: rows, confirmedTimes: confirmed, result: try session.finish())
}

func quantile(_ values: [Double], _ q: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let s = values.sorted()
    return s[min(s.count - 1, Int((Double(s.count - 1) * q).rounded()))]
}

/// Verdict latency per minute: for each flagged moment of `reference` (the whole analysis), the
/// first confirmed cue inside its rep, minus the moment's start; milliseconds.
func latencies(_ replay: Replay, reference: AnalysisResult) -> [Int: [Double]] {
    var out: [Int: [Double]] = [:]
    for event in reference.events where event.code == "posture_lost" {
        guard let rep = reference.reps.first(where: { $0.index == event.repIndex }) else { continue }
        // Binary search would do; the list is short enough per rep that a filter is fine here.
        guard let first = replay.confirmedTimes.first(where: { $0 >= rep.startS && $0 <= rep.endS }) else {
            out[Int(event.startS / 60), default: []].append(.infinity)
            continue
        }
        out[Int(event.startS / 60), default: []].append((first - event.startS) * 1000)
    }
    return out
}

func printTable(_ title: String, _ replay: Replay, latency: [Int: [Double]]) {
    print("\n\(title)")
    print("minute  frames  cost p50 µs  cost p95 µs  cost max µs  snapshots  window mean  window max  flagged  latency median ms  latency max ms")
    for (m, row) in replay.rows.enumerated() {
        let lat = latency[m] ?? []
        let windowMean = row.windows.isEmpty ? 0 : Double(row.windows.reduce(0, +)) / Double(row.windows.count)
        print(String(format: "%6d  %6d  %11.1f  %11.1f  %11.1f  %9d  %11.0f  %10d  %7d  %17.0f  %14.0f", m + 1, row.costsUs.count,
                     quantile(row.costsUs, 0.5), quantile(row.costsUs, 0.95), row.costsUs.max() ?? .nan, row.snapshots,
                     windowMean, row.windows.max() ?? 0, lat.count, quantile(lat, 0.5), lat.max() ?? .nan))
    }
}

let options = Options(CommandLine.arguments)
let lift = SyntheticLift()
let header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: 640, height: 480, fps: lift.fps)
let registry = try BuiltInPlugins.registry()
let truth = sessionTruth(minutes: options.minutes, lift: lift)
print("LiveReplay: \(String(format: "%.0f", options.minutes)) min, \(truth.count) frames at \(lift.fps) fps, \(ProcessInfo.processInfo.activeProcessorCount) cores")

// What `analyze` finds on the same frames: the reference for agreement and latency.
var whole = try AnalysisPipeline(registry: registry).makeSession(header: header)
for (i, t) in truth.enumerated() { whole.push(lift.frame(index: i, truth: t)) }
let reference = try whole.finish()

let rolling = try replay(truth, lift: lift, retention: .rolling, header: header, registry: registry)
let rollingLatency = latencies(rolling, reference: reference)
printTable("live path (rolling session)", rolling, latency: rollingLatency)
let flaggedLive = Set(rolling.result.reps.filter { $0.postureLost == true }.map(\.index))
let flaggedAnalyze = Set(reference.reps.filter { $0.postureLost == true }.map(\.index))
print("reps: \(reference.reps.count) by analyze, \(rolling.result.reps.count) live; flagged \(flaggedAnalyze.count) by analyze, \(flaggedLive.count) live, the same reps: \(flaggedLive == flaggedAnalyze)")
let cued = rollingLatency.values.joined().filter(\.isFinite).count
print("flagged moments cued live: \(cued) of \(flaggedAnalyze.count)")
let first = rolling.rows.first!, last = rolling.rows.last!
print(String(format: "flatness: minute %d / minute 1 — cost p50 %.2f×, p95 %.2f×, window max %.2f×", rolling.rows.count,
             quantile(last.costsUs, 0.5) / quantile(first.costsUs, 0.5), quantile(last.costsUs, 0.95) / quantile(first.costsUs, 0.95),
             Double(last.windows.max() ?? 0) / Double(max(first.windows.max() ?? 1, 1))))

if options.wholeMinutes > 0 {
    let short = Array(truth.prefix(Int(options.wholeMinutes * 60 * lift.fps)))
    var shortWhole = try AnalysisPipeline(registry: registry).makeSession(header: header)
    for (i, t) in short.enumerated() { shortWhole.push(lift.frame(index: i, truth: t)) }
    let shortReference = try shortWhole.finish()
    let baseline = try replay(short, lift: lift, retention: .whole, header: header, registry: registry)
    printTable("for comparison, whole retention (every sample kept; each snapshot's analysers still judge only the reps not judged yet)",
               baseline, latency: latencies(baseline, reference: shortReference))
}
