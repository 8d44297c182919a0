import ArgumentParser
import Foundation
import PoseCapture
import PoseCore
import SampleSynth

extension SynthScenario: ExpressibleByArgument {}
extension CameraView: ExpressibleByArgument {}
extension Clothing: ExpressibleByArgument {}
extension BodyBuild: ExpressibleByArgument {}
extension CameraHeight: ExpressibleByArgument {}

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Generates hinge-lift videos of a synthetic lifter with exact ground truth (.truth.json).",
        discussion: """
            Renders a shaded figure with a multi-segment spine (pelvis, 5 lumbar vertebrae, 12 thoracic, \
            neck, head) doing a scripted set, and writes the video plus NAME.truth.json beside it: per \
            frame the trunk, hip, knee, lumbar and thoracic angles, the 33 BlazePose landmarks, the spine \
            points (C7, T8, T12, L3, S1), marker corners, rep boundaries and the intervals where the \
            shear-resisting posture is lost (trunk ≥ 30° and lumbar flexion ≥ 15° for ≥ 0.2 s). \
            The same options and seed give the same bytes. With an output ending in .png or .jpg a \
            single frame (--frame) is written instead of a video.

            The population options vary the lifter and the camera while the skeleton and the truth's \
            angles stay the same: --build (soft tissue over the back, buttocks and belly, limb widths), \
            --clothing (tight, loose, shirtless, hoodie), --camera-height (the view's pitch) and \
            --person-scale (the camera's distance). --population-member K draws all of them and the \
            facing from K (and uses K as the seed unless --seed is given), so unseen members can be \
            rendered reproducibly; an option given explicitly wins over the draw. The chosen options \
            are recorded in the truth's generator section.

            Examples:
              hingecheck synth --list
              hingecheck synth --scenario deadlift-neutral -o deadlift.mp4
              hingecheck synth --scenario deadlift-fatigue --facing left \\
                  --view oblique-30 -o fatigue.mp4
              hingecheck synth --scenario rdl --markers --size 640x480 -o rdl-markers.mp4
              hingecheck synth --scenario good-morning --clothing loose \\
                  --reps 3 --seed 7 -o gm.mp4
              hingecheck synth --scenario deadlift-sudden --frame 150 -o frame.png
              hingecheck synth --scenario deadlift-fatigue --build heavy \\
                  --clothing hoodie --camera-height chest --person-scale 0.55 \\
                  -o heavy.mp4
              hingecheck synth --scenario deadlift-neutral --no-plates \\
                  --population-member 201 -o member201.mp4
              hingecheck synth --all SampleVideos/
            """
    )

    enum FacingArgument: String, ExpressibleByArgument, CaseIterable {
        case left, right
    }

    @Option(help: "Motion preset (see --list).")
    var scenario: SynthScenario?

    @Option(name: .shortAndLong, help: "Output video (.mp4 H.264, .avi, .webm) or a .png/.jpg for one frame.")
    var output: String?

    @Flag(help: "List the scenarios and exit.")
    var list = false

    @Option(help: ArgumentHelp("Regenerate the committed sample set into this folder.", valueName: "folder"))
    var all: String?

    @Option(help: ArgumentHelp("Frame size WIDTHxHEIGHT in pixels (even numbers).", valueName: "WxH"))
    var size = "640x360"

    @Option(help: "Frames per second.")
    var fps: Double = 30

    @Option(help: "Which way the lifter faces in the image: \(FacingArgument.allCases.map(\.rawValue).joined(separator: ", ")) (default: right).")
    var facing: FacingArgument?

    @Option(help: "Camera view: \(CameraView.allCases.map(\.rawValue).joined(separator: ", ")) (oblique = lifter turned towards the camera, rear = away).")
    var view: CameraView = .side

    @Flag(help: "Draw ArUco 4x4_50 markers on C7 (id 0), T8 (1), T12 (2), L3 (3), S1 (4), hip (5), knee (6), ankle (7).")
    var markers = false

    @Option(help: "Marker side in metres (without its white margin).")
    var markerSize: Double = 0.07

    @Option(help: "Clothing: \(Clothing.allCases.map(\.rawValue).joined(separator: ", ")) (default: tight). loose and hoodie bridge the lumbar hollow (the hoodie more, with a hood bulk at the neck); shirtless shows the skin.")
    var clothing: Clothing?

    @Option(help: "Build: \(BodyBuild.allCases.map(\.rawValue).joined(separator: ", ")) (default: average): soft tissue over the back, buttocks and belly and the limb widths; the skeleton and the truth's angles are the same.")
    var build: BodyBuild?

    @Option(help: ArgumentHelp("Camera height, rendered as the view's pitch (positive looking down): \(CameraHeight.allCases.map { "\($0.rawValue) \(String(format: "%+.1f", $0.pitchDeg))°" }.joined(separator: ", ")) (default: hip). The pitch is that of a camera 3 m away at \(CameraHeight.allCases.map { String(format: "%.2f", $0.heightM) }.joined(separator: "/")) m aimed at the hips.", valueName: "height"))
    var cameraHeight: CameraHeight?

    @Option(help: ArgumentHelp("Draw build, clothing, camera height, person scale and facing for population member K (and use K as the seed unless --seed is given); explicit options win over the draw.", valueName: "K"))
    var populationMember: UInt64?

    @Flag(help: "Draw the barbell without plates (the bar stops 22.5 cm above the floor, as if on blocks); no plate hides the legs and hips in a side view.")
    var noPlates = false

    @Option(help: "Image noise, standard deviation in grey levels (0 = none).")
    var noise: Double = 2

    @Option(help: "Gaussian blur sigma in pixels (0 = none).")
    var blur: Double = 0.5

    @Option(help: "Random seed (per-rep variation, noise). Same seed, same bytes (default: 1, or K with --population-member K).")
    var seed: UInt64?

    @Option(help: "Clip length in seconds (default: the scenario's own; longer pads with standing, shorter cuts).")
    var duration: Double?

    @Option(help: "Number of reps (default: the scenario's).")
    var reps: Int?

    @Option(help: "Quiet standing before the first rep, seconds (0 = none; default: the scenario's).")
    var standing: Double?

    @Option(help: "Pause at the bottom of every rep, seconds.")
    var pause: Double?

    @Option(help: ArgumentHelp("Make rep K (1-based) a partial rep.", valueName: "K"))
    var partialRep: Int?

    @Option(help: "Person height as a fraction of the image height (framing: the camera's distance; default 0.8).")
    var personScale: Double?

    @Option(help: "With a .png/.jpg output: the frame index to write.")
    var frame: Int = 0

    @Flag(help: "With --all: write only NAME.silhouette.json per sample (the lower-back and lumbar two-tangent angles of the figure's exact silhouette per frame, the markerless measurement's truth), no video.")
    var silhouetteTruth = false

    @Flag(help: "No progress line on stderr.")
    var quiet = false

    func validate() throws {
        let modes = [list, all != nil, scenario != nil].filter { $0 }.count
        guard modes == 1 else {
            throw ValidationError("give exactly one of --scenario NAME (with -o FILE), --list or --all FOLDER")
        }
        if scenario != nil, output == nil { throw ValidationError("--scenario needs -o FILE (e.g. -o deadlift.mp4)") }
        if silhouetteTruth, all == nil { throw ValidationError("--silhouette-truth goes with --all FOLDER") }
        if populationMember != nil, scenario == nil { throw ValidationError("--population-member goes with --scenario NAME") }
        guard parsedSize() != nil else { throw ValidationError("--size must look like 640x360") }
        if frame < 0 { throw ValidationError("--frame must be ≥ 0") }
    }

    private func parsedSize() -> (Int, Int)? {
        let parts = size.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else { return nil }
        return (w, h)
    }

    func run() throws {
        if list {
            for s in SynthScenario.allCases { print("\(s.rawValue.padding(toLength: 18, withPad: " ", startingAt: 0)) \(s.summary)") }
            return
        }
        if let folder = all {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for entry in SampleCatalog.entries {
                let path = URL(fileURLWithPath: folder).appendingPathComponent(entry.file).path
                if silhouetteTruth {
                    let truth = SilhouetteTruth.compute(try SampleSynthesizer(options: entry.options), file: entry.file)
                    let out = SilhouetteTruth.path(forVideo: path)
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]
                    do { try encoder.encode(truth).write(to: URL(fileURLWithPath: out)) } catch {
                        throw HingeCheckError(.io, "cannot write \(error.localizedDescription)", path: out)
                    }
                    print("wrote \(out)")
                } else {
                    try render(entry.options, to: path)
                }
            }
            return
        }
        guard let scenario, let output else { return }
        let seed = self.seed ?? populationMember ?? 1
        if let k = partialRep {
            // Silently ignoring a rep that does not exist would leave a clip without the partial rep asked for.
            let count = scenario.script(seed: seed, overrides: ScriptOverrides(reps: reps)).reps.count
            guard (1...count).contains(k) else {
                throw HingeCheckError(.invalidArgument, "--partial-rep \(k): the \(scenario.rawValue) clip has reps 1…\(count)",
                                      hint: "pick one of them, or give more with --reps")
            }
        }
        let (w, h) = parsedSize()!
        var options = SynthOptions(
            scenario: scenario,
            overrides: ScriptOverrides(reps: reps, quietStandingS: standing, bottomPauseS: pause, partialRep: partialRep),
            width: w, height: h, fps: fps, view: view, markers: markers,
            markerSizeM: markerSize, plates: !noPlates, noiseStdDev: noise, blurSigma: blur, seed: seed,
            durationS: duration)
        if let k = populationMember { options = PopulationMember(member: k).applied(to: options) }
        if let facing { options.facing = facing == .left ? .left : .right }
        if let clothing { options.clothing = clothing }
        if let build { options.build = build }
        if let cameraHeight { options.cameraHeight = cameraHeight }
        if let personScale { options.personScale = personScale }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        if ["png", "jpg", "jpeg", "bmp"].contains(ext) {
            let synth = try SampleSynthesizer(options: options)
            guard frame < synth.frameCount else {
                throw HingeCheckError(.invalidArgument, "--frame \(frame) is past the clip's last frame (\(synth.frameCount - 1))")
            }
            try ImageFile.write(synth.renderFrame(frame), to: output)
            print("wrote \(output) (frame \(frame) of \(synth.frameCount), t = \(String(format: "%.3f", synth.time(ofFrame: frame))) s)")
            return
        }
        try render(options, to: output)
    }

    private func render(_ options: SynthOptions, to path: String) throws {
        let synth = try SampleSynthesizer(options: options)
        let name = URL(fileURLWithPath: path).lastPathComponent
        var lastShown = -1
        let truth = try synth.writeClip(videoPath: path) { done, total in
            guard !quiet else { return }
            let percent = done * 100 / total
            if percent != lastShown || done == total {
                lastShown = percent
                FileHandle.standardError.write(Data("\rrendering \(name): \(done)/\(total) frames (\(percent)%)".utf8))
                if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
            }
        }
        let lost = truth.postureLost.count
        print("wrote \(path) and \(SynthTruth.path(forVideo: path)): \(truth.video.frameCount) frames, "
              + "\(String(format: "%.1f", truth.video.durationS)) s, \(truth.reps.count) reps, \(lost) posture-lost interval\(lost == 1 ? "" : "s")")
    }
}
