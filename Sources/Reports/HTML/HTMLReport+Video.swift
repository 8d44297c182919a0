import Foundation
import PoseCore

/// The annotated video embedded in the report, and the links that jump to a moment of it.
///
/// Every link works without script: its `href` is the video file with a media fragment
/// (`annotated.mp4#t=12.35`, which browsers open at that time). With script, a click seeks the
/// embedded player instead and brings it into view.
extension HTMLReport {
    /// The video file the report embeds, when the folder has one.
    static let videoFile = "annotated.mp4"

    /// Seeks to moments of the embedded video; links without a player stay plain links.
    struct VideoLinks {
        /// The video's file name in the report folder; nil when the folder has none.
        var file: String?
        var fps: Double

        init(_ report: ReportInput) {
            file = report.files.contains(HTMLReport.videoFile) ? HTMLReport.videoFile : nil
            fps = report.document.fps
        }

        /// The time to seek to for a moment at `t` seconds: half a frame in, so the player
        /// shows that frame and not the one before it (a seek to a frame's exact start can land
        /// on the previous frame after rounding).
        func seekTime(_ t: Double) -> String {
            Fixed.text(max(0, t + (fps > 0 ? 0.5 / fps : 0)), 3)
        }

        /// `href` plus `data-t` (and `data-play` to start playing) for an element that jumps to `t`.
        func attributes(_ t: Double?, play: Bool) -> String {
            guard let file, let t, t.isFinite else { return "" }
            let s = seekTime(t)
            return " href=\"\(HTMLText.escape(file))#t=\(s)\" data-t=\"\(s)\"\(play ? " data-play=\"1\"" : "")"
        }

        /// The media-fragment URL alone (for chart labels), nil without a video.
        func href(_ t: Double?) -> String? {
            guard let file, let t, t.isFinite else { return nil }
            return "\(file)#t=\(seekTime(t))"
        }

        /// `text` as a link to `t` when there is a video, else the text as it is (already escaped).
        func link(_ html: String, at t: Double?, play: Bool, title: String) -> String {
            let attrs = attributes(t, play: play)
            guard !attrs.isEmpty else { return html }
            return "<a class=\"seek\"\(attrs) title=\"\(HTMLText.escape(title))\">\(html)</a>"
        }
    }

    static func videoSection(_ report: ReportInput, links: VideoLinks) -> String {
        guard let file = links.file else { return "" }
        let header = report.header
        var out = "<section id=\"video-section\">\n<h2>Video</h2>\n"
        out += "<p class=\"hint\">The recording with the skeleton and the back's outline drawn. Every rep, picture and flagged moment in this report links to its time here (▶).</p>\n"
        let size = header.width > 0 && header.height > 0 ? " width=\"\(header.width)\" height=\"\(header.height)\"" : ""
        out += "<video id=\"video\" controls preload=\"metadata\" playsinline src=\"\(HTMLText.escape(file))\"\(size)>"
        out += "<p>This browser cannot play the video here: <a href=\"\(HTMLText.escape(file))\">open \(HTMLText.escape(file))</a>.</p></video>\n"
        // An OpenCV build without H.264 writes mp4v, which browsers do not play: say where the file is.
        out += "<p class=\"hint\">Not playing? <a href=\"\(HTMLText.escape(file))\">Open \(HTMLText.escape(file))</a> in a video player.</p>\n"
        return out + "</section>\n"
    }

    /// Jumps the embedded player on a click of anything with `data-t`; without script (or
    /// without a player) the links' media-fragment hrefs open the video file at that time.
    static let seekScript = """
    (function () {
      var video = document.getElementById('video');
      if (!video) return;
      document.addEventListener('click', function (event) {
        if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        var target = event.target.closest ? event.target.closest('[data-t]') : null;
        if (!target) return;
        var t = parseFloat(target.getAttribute('data-t'));
        if (!isFinite(t)) return;
        event.preventDefault();
        video.currentTime = t;
        if (target.hasAttribute('data-play')) { var p = video.play(); if (p && p.catch) p.catch(function () {}); } else { video.pause(); }
        video.scrollIntoView({block: 'nearest'});
      });
    })();
    """
}
