import Foundation
import Testing

/// The ffmpeg and ffprobe command-line tools (Debian 12's 5.1; `make test` installs them), used to
/// make test videos from the project's samples at test time and to decode them as a reference.
enum FFmpegTool {
    static let ffmpegPath = "/usr/bin/ffmpeg"
    static let ffprobePath = "/usr/bin/ffprobe"
    static var installed: Bool {
        FileManager.default.isExecutableFile(atPath: ffmpegPath) && FileManager.default.isExecutableFile(atPath: ffprobePath)
    }

    /// A generated sample clip (SampleVideos/).
    static func sample(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../SampleVideos/\(name)").standardized.path
    }

    /// Runs ffmpeg quietly and returns its standard output (raw frames when asked for `-`).
    @discardableResult
    static func ffmpeg(_ arguments: [String]) throws -> Data {
        try run(ffmpegPath, ["-nostdin", "-v", "error", "-y"] + arguments)
    }

    @discardableResult
    static func ffprobe(_ arguments: [String]) throws -> Data {
        try run(ffprobePath, ["-v", "error"] + arguments)
    }

    /// The encoders this ffmpeg build has (`ffmpeg -encoders`), e.g. "libx265", "libvpx-vp9".
    static let encoders: Set<String> = {
        guard installed, let data = try? run(ffmpegPath, ["-hide_banner", "-encoders"]) else { return [] }
        // Lines look like " V....D libx264   libx264 H.264 ...": flags, then the name.
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 2, parts[0].count == 6, parts[0].first == "V" else { return nil }
            return String(parts[1])
        })
    }()

    /// The filters this ffmpeg build has (`ffmpeg -filters`), e.g. "zscale" (libzimg).
    static let filters: Set<String> = {
        guard installed, let data = try? run(ffmpegPath, ["-hide_banner", "-filters"]) else { return [] }
        // Lines look like " TSC colorchannelmixer V->V  Adjust ...": flags, then the name.
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count >= 3, parts[0].count == 3, parts[2].contains("->") else { return nil }
            return String(parts[1])
        })
    }()

    /// Presentation times in seconds of every video frame, from the container (ffprobe's pts).
    static func frameTimes(_ path: String) throws -> [Double] {
        let data = try ffprobe(["-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path])
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            Double($0.trimmingCharacters(in: CharacterSet(charactersIn: ", \r")))
        }
    }

    /// Byte offsets of the video packets in the file (ffprobe's packet pos), in decoding order.
    static func packetPositions(_ path: String) throws -> [Int] {
        let data = try ffprobe(["-select_streams", "v:0", "-show_entries", "packet=pos", "-of", "csv=p=0", path])
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
            Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ", \r")))
        }
    }

    /// How many frames ffmpeg decodes from the file (damaged ones are dropped, as players do).
    static func decodedFrameCount(_ path: String) throws -> Int {
        let data = try ffprobe(["-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames",
                                "-of", "csv=p=0", path])
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    private static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let process = Process(), out = Pipe()
        // Errors go to a file, not a second pipe: a chatty tool must not block on a full pipe.
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("ffmpeg-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errFile = try FileHandle(forWritingTo: errURL)
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = errFile
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errFile.close()
        let errText = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        try #require(process.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " ")) failed: \(errText)")
        return data
    }
}
