import Analyzers
import ArgumentParser
import Foundation
import PoseCore
import Workflows

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Saves an athlete profile: neutral lumbar curve from quiet standing, optionally maximal flexion.",
        usage: "hingecheck calibrate [<input>] --name <name> --output <file> [<options>]",
        discussion: """
            Spine points are needed (markers on the spine, or imported spine keypoints): the \
            markerless silhouette has no usable standing neutral (docs/method.md). Record the lifter \
            standing still and upright for at least 2 s; optionally a second clip of a slow, maximal \
            forward bend (unloaded) to set 100% flexion. Use the profile with --profile on analyze.

            For markerless analysis a profile can only carry a personal threshold for the \
            hinged-position lower-back angle (--markerless-threshold, degrees; the default is \
            +3.5°, chosen by leave-one-lifter-out on real lifters; 0° = the outline parallel to the \
            trunk axis).

            Examples:
              hingecheck calibrate standing.mp4 --source markers --name alex -o alex.json
              hingecheck calibrate standing.jsonl --max-flexion bend.jsonl \\
                  --name alex -o alex.json
              hingecheck calibrate --name sam --markerless-threshold 3 -o sam.json
            """
    )

    @Argument(help: "Clip of quiet standing (video, folder, camera, or .jsonl) with spine points.")
    var input: String?

    @Option(help: "Clip of a maximal forward bend, to set 100% lumbar flexion.")
    var maxFlexion: String?

    @Option(help: "Landmark source plugin id for the clips.")
    var source: String?

    @Option(help: "Athlete name stored in the profile.")
    var name: String

    @Option(help: "Personal markerless threshold for the hinged-position lumbar angle, degrees.")
    var markerlessThreshold: Double?

    @Option(name: .shortAndLong, help: "Profile file to write (JSON).")
    var output: String

    func validate() throws {
        if input == nil && markerlessThreshold == nil {
            throw ValidationError("give a standing clip, --markerless-threshold, or both")
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--name must not be empty: reports show it as the athlete's name")
        }
        // The same limits as shear-guard.markerless-threshold: beyond ±45° an outline angle is a
        // mask failure, never a back (KinematicsCalculator's plausibility limit).
        if let t = markerlessThreshold, !(-45...45).contains(t) {
            throw ValidationError("--markerless-threshold \(t) is outside -45…45°; the default is +3.5° (chosen by leave-one-lifter-out on real lifters, docs/measurements.md)")
        }
        if maxFlexion != nil && input == nil {
            throw ValidationError("--max-flexion needs the standing clip too (flexion is measured from neutral)")
        }
    }

    func run() throws {
        let registry = try BuiltInPlugins.registry()
        var profile = AthleteProfile(name: name, markerlessThresholdDeg: markerlessThreshold)
        if let input {
            let samples = try kinematics(of: input, registry: registry)
            guard samples.contains(where: { $0.lumbarMethod == .spinePoints }) else {
                // A markerless clip has no neutral to calibrate (docs/method.md, "The dorsal contour (markerless)").
                throw HingeCheckError(.badInput, "has no spine points: a standing neutral needs the spine markers", path: input,
                                      hint: "film the standing clip with the ArUco spine markers (`hingecheck markers`), or for markerless analysis give only --markerless-threshold DEG")
            }
            // The lumbar-curve analyzer's quiet-standing rule, at its defaults (calibrate reads no config).
            let quiet = try AnalysisConfig().settings(of: LumbarCurveAnalyzer(), in: registry)
            let standing = try NeutralCalibration.standing(samples, rule: QuietStanding(lumbarCurve: quiet), path: input)
            // A profile this command writes must be one `--profile` reads back (ProfileFile checks the ranges).
            let neutralRange = AthleteProfile.neutralLumbarRange
            guard neutralRange.range.contains(standing.neutralLumbarDeg) else {
                throw HingeCheckError(.badInput, String(format: "the standing lumbar angle is %+.1f°, outside %@", standing.neutralLumbarDeg, neutralRange.rangeText),
                                      path: input, hint: "check the spine markers' ids and order (`hingecheck markers`), then film the standing clip again")
            }
            profile.neutralLumbarDeg = standing.neutralLumbarDeg
            print(String(format: "neutral lumbar angle: %+.1f° (median of %d frames over %.1f s)",
                         standing.neutralLumbarDeg, standing.frameCount, standing.durationS))
            if let maxFlexion {
                let flexion = try NeutralCalibration.maximalFlexion(try kinematics(of: maxFlexion, registry: registry),
                                                                    neutralLumbarDeg: standing.neutralLumbarDeg, path: maxFlexion)
                let flexionRange = AthleteProfile.maxFlexionRange
                guard flexionRange.range.contains(flexion) else {
                    throw HingeCheckError(.badInput, String(format: "the bend reaches %.1f° of lumbar flexion from neutral, outside %@", flexion, flexionRange.rangeText),
                                          path: maxFlexion, hint: "film a slow, maximal forward bend, side-on, with the spine markers visible throughout")
                }
                profile.maxFlexionDeg = flexion
                print(String(format: "maximal lumbar flexion: %.1f° from neutral", flexion))
            }
        }
        let formatter = ISO8601DateFormatter()
        profile.createdAt = formatter.string(from: Date())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(profile)
        do {
            try data.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw HingeCheckError(.io, "cannot write the profile: \(error.localizedDescription)", path: output, hint: "check the folder exists and is writable")
        }
        print("profile written to \(output)")
    }

    private func kinematics(of input: String, registry: PluginRegistry) throws -> [KinematicSample] {
        let sourceInput = InputResolver.parse(input)
        let plugin = try InputResolver.plugin(for: sourceInput, id: source, registry: registry)
        let stream = try plugin.open(sourceInput, settings: AnalysisConfig().settings(for: plugin.descriptor))
        // The session analyze uses, for its kinematics only: the neutral is measured the same way.
        var session = try AnalysisPipeline(registry: registry).makeSession(header: stream.header)
        while let f = try stream.next() { session.push(f) }
        return session.samples
    }
}
