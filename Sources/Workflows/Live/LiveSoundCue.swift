import Foundation
import PoseCore

/// The sound when the posture is lost: the terminal bell, and a short beep through `paplay`
/// (PulseAudio/PipeWire) or `aplay` (ALSA) when one of them is installed. The beep is a WAV
/// generated once into a temporary file (880 Hz, 0.25 s); players run in the background and a
/// cue is skipped while the previous one still plays.
public final class LiveSoundCue: Sendable {
    /// The last cue and the player still running from it, if any.
    private struct Cue {
        var playing: Process?
        var last = Date.distantPast
    }

    private let cue = LockedValue(Cue())
    private let bell: Bool
    private let player: URL?
    private let wav: URL?

    /// The player found on PATH (`paplay` first, then `aplay`), if any.

    /// - Parameters:
    ///   - bell: ring the terminal bell (when stdout or stderr is a terminal).
    ///   - sound: play the beep through paplay/aplay when present.
    public init(bell: Bool = true, sound: Bool = true) {
        self.bell = bell
        if sound, let found = Self.findExecutable(["paplay", "aplay"]) {
            let url = FileManager.default.temporaryDirectory
                .appendingPathComponent("hingecheck-cue-\(ProcessInfo.processInfo.processIdentifier).wav")
            if (try? Self.beepWAV().write(to: url)) != nil {
                player = found
                wav = url
            } else {
                player = nil
                wav = nil
            }
        } else {
            player = nil
            wav = nil
        }
    }

    deinit {
        if let wav { try? FileManager.default.removeItem(at: wav) }
    }

    /// Plays the cue (at most once a second).
    public func play() {
        cue.withLock { play(&$0) }
    }

    /// `play()` with the lock held: two cues at once must not both start a player.
    private func play(_ cue: inout Cue) {
        let now = Date()
        guard now.timeIntervalSince(cue.last) >= 1 else { return }
        cue.last = now
        if bell {
            if isatty(STDOUT_FILENO) != 0 {
                FileHandle.standardOutput.write(Data([0x07]))
            } else if isatty(STDERR_FILENO) != 0 {
                FileHandle.standardError.write(Data([0x07]))
            }
        }
        guard let player, let wav, cue.playing?.isRunning != true else { return }
        let process = Process()
        process.executableURL = player
        process.arguments = player.lastPathComponent == "aplay" ? ["-q", wav.path] : [wav.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
            cue.playing = process
        } catch {
            cue.playing = nil
        }
    }

    static func findExecutable(_ names: [String]) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for dir in path.split(separator: ":") {
                let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// A 16-bit mono PCM WAV: a sine beep with 10 ms fades (no clicks).
    /// - Parameters: frequency in Hz, duration in seconds, sample rate in Hz.
    public static func beepWAV(frequencyHz: Double = 880, durationS: Double = 0.25, sampleRate: Int = 22_050) -> Data {
        let count = max(0, Int(clampingRounded: durationS * Double(sampleRate), .towardZero))
        let fade = Double(sampleRate) * 0.01
        var pcm = Data(capacity: count * 2)
        for i in 0..<count {
            let t = Double(i) / Double(sampleRate)
            let envelope = min(1, Double(i) / fade, Double(count - i) / fade)
            let v = Int16(clampingRounded: 0.5 * envelope * sin(2 * .pi * frequencyHz * t) * 32_767, .towardZero)
            withUnsafeBytes(of: v.littleEndian) { pcm.append(contentsOf: $0) }
        }
        var out = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: Array("RIFF".utf8)); u32(UInt32(36 + pcm.count)); out.append(contentsOf: Array("WAVE".utf8))
        out.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(1); u32(UInt32(sampleRate)); u32(UInt32(sampleRate * 2)); u16(2); u16(16)
        out.append(contentsOf: Array("data".utf8)); u32(UInt32(pcm.count))
        out.append(pcm)
        return out
    }
}
