import Foundation
import Testing
import PoseCore
@testable import PoseCapture

/// The formats people have, each made at test time by ffmpeg from a sample clip (cut to 1 s) and
/// read back: frame count, size and times as ffprobe reports them, and the first frame as ffmpeg
/// decodes it (right way up, right colours). A format whose encoder this ffmpeg lacks is skipped
/// with the encoder's name (`ffmpeg -encoders`).
@Suite(.enabled(if: FFmpegTool.installed, "ffmpeg not installed"))
struct VideoFormatTests {
    /// Makes `name` from the first second of the fatigue sample with `codec` arguments, in a
    /// temporary folder of its own (`removeTempFolder(holding:)` removes it).
    static func make(_ name: String, _ codec: [String], frames: Int = 30) throws -> String {
        let path = makeTempFolder("format").appendingPathComponent(name).path
        try FFmpegTool.ffmpeg(["-i", FFmpegTool.sample("deadlift-fatigue.mp4"), "-frames:v", "\(frames)", "-an"] + codec + [path])
        return path
    }

    /// Reads `path` to the end and checks it against ffprobe and ffmpeg.
    /// - Parameter tolerance: mean grey-level difference allowed from ffmpeg's first frame.
    static func expectMatchesFFmpeg(_ path: String, frames: Int, width: Int, height: Int, codec: String,
                                    tolerance: Int = 3) throws {
        let source = try VideoFileSource(path: path)
        #expect(source.facts.width == width && source.facts.height == height, "\(source.facts.width)x\(source.facts.height)")
        // OpenCV's FOURCC: the container's sample entry for MP4/MOV, FFmpeg's tag elsewhere, none
        // for VP9 in WebM and for GIF.
        #expect(source.facts.codec.lowercased() == codec, "codec \(source.facts.codec)")
        var times: [Double] = []
        var first: [UInt8] = []
        while let t = try source.read({ frame -> Double in
            if frame.index == 0 {
                first = (0..<frame.height).flatMap { y in frame.pixels[(y * frame.stride)..<(y * frame.stride + frame.width * 3)] }
            }
            return frame.time
        }) { times.append(t) }
        let expected = try FFmpegTool.frameTimes(path)
        #expect(times.count == frames && expected.count == frames, "read \(times.count), ffprobe \(expected.count), made \(frames)")
        #expect(source.skippedFrames == 0)
        for (i, (ours, theirs)) in zip(times, expected.sorted()).enumerated() {
            #expect(abs(ours - theirs) < 0.0015, "frame \(i) at \(ours) s, ffprobe says \(theirs) s")
        }
        let reference = try FFmpegTool.ffmpeg(["-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "bgr24", "-"])
        try #require(reference.count == first.count, "\(first.count) vs \(reference.count) bytes")
        let meanDiff = zip(first, reference).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) } / max(first.count, 1)
        #expect(meanDiff <= tolerance, "first frame differs from ffmpeg's by \(meanDiff) levels on average")
    }

    @Test func movH264() throws {
        let path = try Self.make("clip.mov", ["-c:v", "libx264"])
        defer { removeTempFolder(holding: path) }
        try Self.expectMatchesFFmpeg(path, frames: 30, width: 640, height: 360, codec: "avc1")
    }

    @Test(.enabled(if: FFmpegTool.encoders.contains("libx265"), "this ffmpeg has no libx265 encoder: HEVC .mov not tested"))
    func movHEVC() throws {
        // hvc1 is the tag iPhones write (QuickTime needs it to play HEVC).
        let path = try Self.make("clip-hevc.mov", ["-c:v", "libx265", "-x265-params", "log-level=error", "-tag:v", "hvc1"])
        defer { removeTempFolder(holding: path) }
        try Self.expectMatchesFFmpeg(path, frames: 30, width: 640, height: 360, codec: "hvc1")
    }

    @Test(.enabled(if: FFmpegTool.encoders.contains("libvpx-vp9"), "this ffmpeg has no libvpx-vp9 encoder: .webm not tested"))
    func webmVP9() throws {
        let path = try Self.make("clip.webm", ["-c:v", "libvpx-vp9", "-b:v", "800k", "-deadline", "realtime", "-cpu-used", "8"])
        defer { removeTempFolder(holding: path) }
        try Self.expectMatchesFFmpeg(path, frames: 30, width: 640, height: 360, codec: "")
    }

    @Test func mkvH264() throws {
        let path = try Self.make("clip.mkv", ["-c:v", "libx264"])
        defer { removeTempFolder(holding: path) }
        try Self.expectMatchesFFmpeg(path, frames: 30, width: 640, height: 360, codec: "h264")
    }

    @Test func aviMJPEG() throws {
        let path = try Self.make("clip.avi", ["-c:v", "mjpeg", "-q:v", "4"])
        defer { removeTempFolder(holding: path) }
        try Self.expectMatchesFFmpeg(path, frames: 30, width: 640, height: 360, codec: "mjpg")
    }

    /// Animated GIF (exercise demos): 10 frames at 10 fps, 320 wide; times from the frame delays.
    @Test func animatedGIF() throws {
        let path = try Self.make("clip.gif", ["-vf", "fps=10,scale=320:-2"], frames: 10)
        defer { removeTempFolder(holding: path) }
        try Self.expectMatchesFFmpeg(path, frames: 10, width: 320, height: 180, codec: "")
        #expect(BlazePoseSource().canOpen(.file(URL(fileURLWithPath: path))), "analyze picks blazepose for a .gif")
    }

    /// Variable frame rate, as phones record in low light: 15 frames at 30 fps, 15 at 10 fps, 10 at
    /// 60 fps. The times are the container's (ffprobe's pts), not index / average fps, which would
    /// be off by up to 0.37 s here.
    @Test func variableFrameRate() throws {
        let steps = "if(lt(N,15),N/30,if(lt(N,30),0.5+(N-15)/10,2+(N-30)/60))"
        // A 1/600 s time base holds all three rates (the default 1/30 s rounded 60 fps to 30).
        let path = try Self.make("vfr.mp4", ["-vf", "setpts='\(steps)/TB'", "-fps_mode", "vfr", "-enc_time_base", "1:600",
                                             "-c:v", "libx264"], frames: 40)
        defer { removeTempFolder(holding: path) }
        try Self.expectMatchesFFmpeg(path, frames: 40, width: 640, height: 360, codec: "avc1")
        let source = try VideoFileSource(path: path)
        var times: [Double] = []
        while let t = try source.read({ $0.time }) { times.append(t) }
        // The three rates, by construction (independent of ffprobe). The last two frames come from
        // the decoder's flush without a timestamp and get the last interval (1/60 s here).
        #expect(abs(times[14] - 14.0 / 30) < 0.0015 && abs(times[16] - 0.6) < 0.0015 && abs(times[39] - (2 + 9.0 / 60)) < 0.0015,
                "\(times)")
    }

    /// HEVC 10-bit HDR as iPhones record it (BT.2020 primaries and matrix, HLG transfer; PQ as
    /// HDR10 cameras write), made from the SDR sample with SDR white at 203 nits (ITU-R BT.2408).
    /// The frames must look like what an SDR screen shows (ffmpeg's zscale conversion back to
    /// BT.709, which returns the SDR sample), not washed out: measured, OpenCV 4.6 alone gave mean
    /// luma 153 and contrast 24 (HLG; PQ 126 and 13) where the reference has 181 and 33.
    @Test(.enabled(if: FFmpegTool.encoders.contains("libx265") && FFmpegTool.filters.contains("zscale"),
                   "this ffmpeg lacks libx265 or zscale (libzimg): HEVC HDR not tested"),
          arguments: [("arib-std-b67", 18), ("smpte2084", 16)])
    func hevcHDR(transfer: String, code: Int) throws {
        let path = try Self.make("hdr-\(transfer).mov", [
            "-vf", "zscale=tin=bt709:min=bt709:pin=bt709:rin=tv:t=\(transfer):m=2020_ncl:p=2020:r=tv:npl=203,format=yuv420p10le",
            "-c:v", "libx265", "-x265-params", "log-level=error", "-tag:v", "hvc1",
            "-color_primaries", "bt2020", "-color_trc", transfer, "-colorspace", "bt2020nc"], frames: 5)
        defer { removeTempFolder(holding: path) }
        let source = try VideoFileSource(path: path)
        #expect(source.facts.colorTransfer == code && source.facts.colorPrimaries == 9 && source.facts.colorMatrix == 9)
        #expect(source.facts.hdrConverted)
        #expect(source.facts.width == 640 && source.facts.height == 360)
        let ours = try #require(try source.read { frame -> [UInt8] in
            (0..<frame.height).flatMap { y in frame.pixels[(y * frame.stride)..<(y * frame.stride + frame.width * 3)] }
        })
        let sdr = try FFmpegTool.ffmpeg(["-i", path, "-frames:v", "1", "-vf",
                                         "zscale=t=bt709:m=bt709:p=bt709:r=tv:npl=203,format=yuv420p", "-f", "rawvideo", "-pix_fmt", "bgr24", "-"])
        let plain = try FFmpegTool.ffmpeg(["-i", path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "bgr24", "-"])
        try #require(ours.count == sdr.count && plain.count == sdr.count)
        func lumaStats(_ bgr: some Collection<UInt8>) -> (mean: Double, sd: Double) {
            let p = Array(bgr)
            var sum = 0.0, sumSq = 0.0
            let n = p.count / 3
            for i in 0..<n {
                let y = 0.114 * Double(p[3 * i]) + 0.587 * Double(p[3 * i + 1]) + 0.299 * Double(p[3 * i + 2])
                sum += y
                sumSq += y * y
            }
            let mean = sum / Double(n)
            return (mean, (sumSq / Double(n) - mean * mean).squareRoot())
        }
        let (ourMean, ourSD) = lumaStats(ours), (refMean, refSD) = lumaStats(sdr), (plainMean, plainSD) = lumaStats(plain)
        #expect(abs(ourMean - refMean) < 4, "mean luma \(ourMean), SDR reference \(refMean)")
        #expect(abs(ourSD - refSD) < 3, "contrast \(ourSD), SDR reference \(refSD)")
        let meanDiff = Double(zip(ours, sdr).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(ours.count)
        #expect(meanDiff < 4, "\(meanDiff) grey levels from the SDR reference on average")
        // The test can fail: the undecoded look is far off (what the shim did before).
        #expect(abs(plainMean - refMean) > 15 && plainSD < refSD - 5, "plain decode: mean \(plainMean), contrast \(plainSD)")
    }
}
