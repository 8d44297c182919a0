import ArgumentParser
import Foundation
import PoseCapture
import PoseCore
import Workflows

struct MarkersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "markers",
        abstract: "Prints the ArUco marker sheet and checks marker videos (the `markers` landmark source).",
        discussion: """
            Tape markers on C7, T8, T12, L3 and S1 and on the hip, knee and ankle, film from the \
            side, then analyse with `hingecheck analyze lift.mp4 --source markers`.

            Examples:
              hingecheck markers sheet -o markers.pdf --size 40mm
              hingecheck markers sheet -o markers.png --size 30mm --dpi 600
              hingecheck markers check lift.mp4
              hingecheck markers check lift.mp4 -o run.jsonl \\
                  --set map=0:C7,2:T12,3:L3,4:S1,5:hip
            """,
        subcommands: [Sheet.self, Check.self]
    )

    /// A length on paper: "40mm", "4cm", "1.5in" or a bare number of millimetres.
    struct PaperLength: ExpressibleByArgument {
        var millimetres: Double
        var defaultValueDescription: String { String(format: "%gmm", millimetres) }
        init?(argument: String) {
            let text = argument.lowercased().trimmingCharacters(in: .whitespaces)
            let units: [(String, Double)] = [("mm", 1), ("cm", 10), ("in", 25.4)]
            for (suffix, factor) in units where text.hasSuffix(suffix) {
                guard let v = Double(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)) else { return nil }
                millimetres = v * factor
                return
            }
            guard let v = Double(text) else { return nil }
            millimetres = v
        }
    }

    struct Sheet: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Writes a printable A4 marker sheet (PDF or PNG) at true size, with labels and a placement guide.",
            usage: "hingecheck markers sheet --output <sheet.pdf> [<options>]",
            discussion: """
                Print at 100% / "actual size" (turn off "fit to page" / "shrink to fit"), then measure \
                the 100 mm scale bar on the paper: if it is not 100 mm, the markers are not the \
                size you asked for either. PDF pages are A4 (595 x 842 pt) holding the page rendered \
                at --dpi; a PNG has exactly the page's pixels at --dpi (extra pages, if the markers \
                do not fit on one, go to NAME-2.png, ...).

                Each marker gets its site label, id, a white quiet zone, a grey cut line and a tab: \
                spine markers stand on a fin folded along the dashed line and taped along the spine, \
                so that they face a camera filming from the side.

                Examples:
                  hingecheck markers sheet -o markers.pdf
                  hingecheck markers sheet -o markers.png --size 40mm --dpi 300
                  hingecheck markers sheet -o small.pdf --size 25mm --map 0:C7,2:T12,3:L3,4:S1
                """
        )

        @Option(name: .shortAndLong, help: ArgumentHelp("File to write: .pdf or .png.", valueName: "sheet.pdf"))
        var output: String

        @Option(help: ArgumentHelp("Side of each black square: 40mm, 4cm, 1.5in (at least 10 mm; up to about 135 mm fits A4).", valueName: "length"))
        var size: PaperLength = PaperLength(argument: "40mm")!

        @Option(help: "Render resolution in dots per inch (72-1200).")
        var dpi: Double = 300

        @Option(help: "ArUco dictionary (\(MarkerDictionary.allCases.map(\.rawValue).joined(separator: ", "))).")
        var dictionary: String = MarkerDictionary.dict4x4_50.rawValue

        @Option(help: ArgumentHelp("Marker id of each site, as the `markers` source reads it.", valueName: "ID:SITE,..."))
        var map: String = MarkerMap.standardText

        func validate() throws {
            let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
            guard ext == "pdf" || ext == "png" else {
                throw ValidationError("--output must end in .pdf or .png (got \"\(output)\")")
            }
            guard (72...1200).contains(dpi) else { throw ValidationError("--dpi must be 72...1200") }
            guard size.millimetres >= 10 else { throw ValidationError("--size must be at least 10 mm") }
        }

        func run() throws {
            guard let dict = MarkerDictionary(name: dictionary) else {
                throw HingeCheckError(.invalidArgument, "unknown dictionary \"\(dictionary)\"",
                                      hint: "one of: \(MarkerDictionary.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let markerMap = try MarkerMap(parsing: map, markerCount: dict.markerCount)
            let sheet = try MarkerSheet(options: .init(dictionary: dict, map: markerMap, markerSizeMM: size.millimetres, dpi: dpi))
            let url = URL(fileURLWithPath: output)
            var written: [String] = []
            if url.pathExtension.lowercased() == "pdf" {
                do {
                    try sheet.pdfData().write(to: url, options: .atomic)
                } catch let error as HingeCheckError {
                    throw error
                } catch {
                    throw HingeCheckError(.io, "cannot write the PDF: \(error.localizedDescription)", path: output,
                                          hint: "check that the folder exists and is writable")
                }
                written.append(output)
            } else {
                for (k, page) in sheet.pages.enumerated() {
                    let path = k == 0 ? output
                        : url.deletingPathExtension().path + "-\(k + 1)." + url.pathExtension
                    try ImageFile.write(page, to: path)
                    written.append(path)
                }
            }
            let mm = Double(sheet.markerSidePx) / dpi * 25.4
            print("wrote \(written.joined(separator: ", ")): \(markerMap.ids.count) markers (\(dict.rawValue)), "
                  + String(format: "%d px = %.2f mm per side at %g dpi, %d page(s)", sheet.markerSidePx, mm, dpi, sheet.pages.count))
            print("print at 100% / \"actual size\", then check that the scale bar measures 100 mm")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tracks the markers in a video, image folder or camera and reports how well each was seen.",
            usage: "hingecheck markers check <input> [<options>]",
            discussion: """
                Prints, per site, the frames where the marker was measured, bridged over a short gap \
                (interpolated) or missing, and how often it looked slanted (not square: turned away \
                from the camera) or out of size with the other spine markers; then warnings in plain \
                words. Exits with status 1 when a mapped marker was never seen.

                Examples:
                  hingecheck markers check lift.mp4
                  hingecheck markers check lift.mp4 -o run.jsonl \\
                      --set max-gap=0.3 --set min-side=16
                  hingecheck markers check frames/ --set folder-fps=60 --json
                """
        )

        @Argument(help: "Video file, image folder, camera index or /dev/videoN.")
        var input: String

        @Option(name: .customLong("set"),
                help: ArgumentHelp("Override a markers parameter (repeatable; see `hingecheck plugins --kind landmark-source`).",
                                   valueName: "name=value"))
        var assignments: [String] = []

        @Option(name: .shortAndLong, help: ArgumentHelp("Also write the landmark file (.jsonl) for `hingecheck analyze`.",
                                                        valueName: "run.jsonl"))
        var output: String?

        @Option(help: "Stop after this many frames (0 = all; bounds a camera run).")
        var maxFrames: Int = 0

        @Flag(help: "Print JSON for machines.")
        var json = false

        struct Report: Encodable {
            struct Site: Encodable {
                var site: String
                var id: Int
                var measured: Int, bridged: Int, missing: Int, slanted: Int, outOfSize: Int
            }
            var input: String
            var frames: Int
            var facing: String?
            var sites: [Site]
            var warnings: [String]
        }

        func run() throws {
            let source = MarkerSource()
            var overrides: [String: String] = [:]
            for a in assignments {
                let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw HingeCheckError(.invalidArgument, "--set \(a) is not name=value")
                }
                let name = parts[0].hasPrefix("markers.") ? String(parts[0].dropFirst("markers.".count)) : parts[0]
                overrides[name] = parts[1]
            }
            let settings = try PluginSettings(descriptor: source.descriptor, overrides: overrides)
            let stream = try source.openStream(InputResolver.parse(input), settings: settings)
            let writer = try output.map { try LandmarkFileWriter(url: URL(fileURLWithPath: $0), header: stream.header) }
            var n = 0
            while maxFrames <= 0 || n < maxFrames, let frame = try stream.next() {
                try writer?.write(frame)
                n += 1
            }
            try writer?.finish()
            let summary = stream.summary
            let map = stream.settings.map
            let report = Report(
                input: input, frames: summary.frames, facing: summary.facing?.rawValue,
                sites: summary.sites.map { site in
                    let c = summary.counts[site] ?? .init()
                    return .init(site: site.description, id: map.id(of: site) ?? -1, measured: c.measured, bridged: c.bridged,
                                 missing: c.missing, slanted: c.slanted, outOfSize: c.outOfSize)
                },
                warnings: summary.warnings)
            if json {
                print(try JSONText.encode(report))
            } else {
                print("input:  \(input) (\(stream.facts.width) x \(stream.facts.height) px, \(report.frames) frames)")
                print("facing: \(report.facing ?? "unknown")")
                print("site   id  measured  bridged  missing  slanted  off-size")
                for s in report.sites {
                    let name = s.site.padding(toLength: 6, withPad: " ", startingAt: 0)
                    print(name + String(format: "%3d  %8d  %7d  %7d  %7d  %8d", s.id, s.measured, s.bridged,
                                        s.missing, s.slanted, s.outOfSize))
                }
                for w in report.warnings { print("warning: \(w)") }
                if let output { print("wrote \(output)") }
            }
            if report.sites.contains(where: { $0.measured + $0.bridged == 0 }) { throw ExitCode(1) }
        }
    }
}
