import Foundation
import PoseCore

/// Turns a command-line input into a `SourceInput` and picks its landmark source plugin.
public enum InputResolver {
    public static func parse(_ input: String) -> SourceInput {
        if let index = Int(input), index >= 0 { return .camera(index: index, devicePath: nil) }
        if input.hasPrefix("/dev/") { return .camera(index: 0, devicePath: input) }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue {
            return .folder(URL(fileURLWithPath: input))
        }
        return .file(URL(fileURLWithPath: input))
    }

    public static func plugin(for input: SourceInput, id: String?, registry: PluginRegistry) throws -> any LandmarkSourcePlugin {
        if let id {
            guard let plugin = registry.source(id: id) else {
                throw HingeCheckError(.invalidArgument, "no landmark source \"\(id)\"",
                                      hint: "available: \(registry.sources.map(\.descriptor.id).joined(separator: ", "))")
            }
            return plugin
        }
        if case .file(let url) = input, !FileManager.default.fileExists(atPath: url.path) {
            throw HingeCheckError(.notFound, "no such file", path: url.path,
                                  hint: "check the path (relative paths start from \(FileManager.default.currentDirectoryPath)); an input is a video, an image folder, a camera index such as 0, or a .jsonl landmark file")
        }
        guard let plugin = registry.source(for: input) else {
            throw HingeCheckError(.badInput, "no landmark source can read this input", path: input.description,
                                  hint: "give a video, an image folder, a camera index or a .jsonl landmark file; or name one with --source")
        }
        return plugin
    }
}

/// Reads an athlete profile JSON file.
public enum ProfileFile {
    public static func read(_ path: String) throws -> AthleteProfile {
        try RegularFile.check(path, expected: "an athlete profile (.json)")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw HingeCheckError(.notFound, "no such profile file", path: path, hint: "create one with `hingecheck calibrate`")
        }
        let profile: AthleteProfile
        do {
            profile = try JSONDecoder().decode(AthleteProfile.self, from: data)
        } catch {
            // Name the field when the file is JSON (a typo in one value should not read as "not a profile").
            throw HingeCheckError(.badInput, "not a HingeCheck athlete profile (\(DecodingErrorText.describe(error)))", path: path,
                                  hint: "fix that field, or make the profile again with `hingecheck calibrate`")
        }
        // As `--set` values are: a value outside its range is refused before anything runs.
        try profile.checkRanges(path: path)
        guard profile.markerlessThresholdIsCurrent else {
            // Silently applying it would judge the new measure against the old one's number.
            throw HingeCheckError(.versionMismatch,
                                  String(format: "markerlessThresholdDeg (%g°) was set for ", profile.markerlessThresholdDeg ?? 0)
                                      + (profile.markerlessMeasure.map { "markerlessMeasure \"\($0)\"" } ?? "the two-tangent angle of HingeCheck 0.1 (no markerlessMeasure)")
                                      + "; the markerless verdict now uses the lower-back angle (docs/method.md)",
                                  path: path,
                                  hint: "make the profile again: `hingecheck calibrate --name \(profile.name) --markerless-threshold DEG -o \(path)` (the default threshold is +3.5°)")
        }
        return profile
    }
}
