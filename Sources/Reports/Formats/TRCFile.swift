import Foundation
import PoseCore

/// Track Row Column marker files (`.trc`), the layout OpenSim, Pose2Sim and Sports2D read:
///
///     PathFileType  4  (X/Y/Z)  landmarks.trc
///     DataRate  CameraRate  NumFrames  NumMarkers  Units  OrigDataRate  OrigDataStartFrame  OrigNumFrames
///     30.00  30.00  120  38  px  30.00  1  120
///     Frame#  Time  nose      left_eye_inner      ...
///                   X1 Y1 Z1  X2 Y2 Z2            ...
///     1  0.00000  412.113  201.870  -12.400  ...
///
/// Tab separated; a missing marker in a frame is three empty cells. HingeCheck writes two:
/// `landmarks.trc` in image pixels (Units `px`, x right, y down, z the landmark model's relative
/// depth — the pixel TRC Sports2D loads with `--load_trc_px`) and `landmarks_m.trc` in metres for
/// OpenSim, with Z = 0 (a 2D capture; see `TRCExport.metric`). Marker names: the 33 MediaPipe snake_case names, then the
/// spine sites present (C7, T3, T8, T12, L1, L3, L5, S1).
public struct TRCFile: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        /// The `Frame#` column as written.
        public var frameNumber: Int
        public var time: Double
        /// X, Y, Z per marker, nil when missing.
        public var values: [Double?]
    }

    public var dataRate: Double
    public var units: String
    public var markers: [String]
    public var rows: [Row]

    public init(dataRate: Double, units: String, markers: [String], rows: [Row]) {
        self.dataRate = dataRate
        self.units = units
        self.markers = markers
        self.rows = rows
    }

    /// Coordinate decimals written (0.001 px in pixel files, 0.01 mm in metre files).
    public static let decimals = (px: 3, m: 5)

    /// The file's text; `fileName` goes on the first line as OpenSim expects.
    public func text(fileName: String) -> String {
        var out = ""
        Self.writeHeader(fileName: fileName, dataRate: dataRate, units: units, markers: markers, rowCount: rows.count,
                         firstFrameNumber: rows.first?.frameNumber ?? 1, into: &out)
        for row in rows { Self.write(row, units: units, into: &out) }
        return out
    }

    /// The five header lines (`text(fileName:)` without its rows).
    static func writeHeader<Out: TextOutputStream>(fileName: String, dataRate: Double, units: String, markers: [String],
                                                   rowCount: Int, firstFrameNumber: Int, into out: inout Out) {
        var head = "PathFileType\t4\t(X/Y/Z)\t\(fileName)\n"
        head += "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n"
        let rate = Fixed.text(dataRate, 2, missing: "0.00")
        head += "\(rate)\t\(rate)\t\(rowCount)\t\(markers.count)\t\(units)\t\(rate)\t\(firstFrameNumber)\t\(rowCount)\n"
        head += "Frame#\tTime\t" + markers.map { "\($0)\t\t\t" }.joined() + "\n"
        head += "\t\t" + markers.indices.map { "X\($0 + 1)\tY\($0 + 1)\tZ\($0 + 1)" }.joined(separator: "\t") + "\n"
        out.write(head)
    }

    /// One data line.
    static func write<Out: TextOutputStream>(_ row: Row, units: String, into out: inout Out) {
        let digits = units == "px" ? Self.decimals.px : Self.decimals.m
        var line = "\(row.frameNumber)\t\(Fixed.text(row.time, 5))"
        for v in row.values { line += "\t" + Fixed.text(v, digits) }
        line += "\n"
        out.write(line)
    }

    /// Parses a TRC file (OpenSim, Pose2Sim, Sports2D or HingeCheck).
    /// - Throws: `HingeCheckError.badInput` naming the file and the line at fault.
    public static func parse(_ text: String, path: String) throws -> TRCFile {
        let lines = ImportFile.lines(text)
        func fail(_ line: Int, _ message: String, hint: String? = nil) -> HingeCheckError {
            HingeCheckError(.badInput, "line \(line): \(message)", path: path,
                            hint: hint ?? "expected a TRC marker file (PathFileType, DataRate ... header, Frame# Time marker names, X1 Y1 Z1 ...)")
        }
        guard lines.count >= 5, lines[0].text.hasPrefix("PathFileType") else {
            throw fail(1, "not a TRC file: it does not start with PathFileType")
        }
        let keys = lines[1].text.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let values = lines[2].text.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard keys.contains("DataRate"), keys.contains("NumMarkers"), keys.contains("Units") else {
            throw fail(2, "expected the DataRate ... Units header names")
        }
        func value(_ key: String) -> String? {
            keys.firstIndex(of: key).flatMap { $0 < values.count ? values[$0] : nil }
        }
        guard let rate = value("DataRate").flatMap(ParseNumber.double), rate >= 0, rate <= 100_000 else {
            throw fail(3, "DataRate is not a number")
        }
        guard let declared = value("NumMarkers").flatMap({ ParseNumber.index($0, limit: 10_000) }) else {
            throw fail(3, "NumMarkers is not a whole number")
        }
        let units = value("Units") ?? ""
        let nameCells = lines[3].text.split(separator: "\t", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard nameCells.count >= 2, nameCells[0] == "Frame#", nameCells[1].lowercased() == "time" else {
            throw fail(4, "expected `Frame#<TAB>Time<TAB>marker names`")
        }
        let markers = nameCells.dropFirst(2).filter { !$0.isEmpty }
        guard !markers.isEmpty else { throw fail(4, "no marker names") }
        guard markers.count == declared else {
            throw fail(4, "\(markers.count) marker names but NumMarkers says \(declared)")
        }
        var rows: [Row] = []
        for (number, line) in lines.dropFirst(5) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cells.count >= 2 else { throw fail(number, "expected Frame#, Time and 3 values per marker") }
            guard let frame = ParseNumber.index(cells[0]) else { throw fail(number, "Frame# \"\(cells[0])\" is not a whole number ≥ 0") }
            guard let time = ParseNumber.double(cells[1]) else { throw fail(number, "Time \"\(cells[1])\" is not a number") }
            // Trailing empty cells may be trimmed by editors; extra non-empty cells are an error.
            var coords = cells.dropFirst(2).map { $0.trimmingCharacters(in: .whitespaces) }
            while coords.count > markers.count * 3, coords.last?.isEmpty == true { coords.removeLast() }
            guard coords.count <= markers.count * 3 else {
                throw fail(number, "\(coords.count) values for \(markers.count) markers (expected \(markers.count * 3))")
            }
            var parsed: [Double?] = []
            parsed.reserveCapacity(markers.count * 3)
            for (k, cell) in coords.enumerated() {
                if cell.isEmpty || cell.lowercased() == "nan" { parsed.append(nil); continue }
                guard let v = ParseNumber.double(cell) else {
                    throw fail(number, "value \(k + 1) (\(markers[k / 3]) \(["X", "Y", "Z"][k % 3])) \"\(cell.prefix(20))\" is not a number")
                }
                parsed.append(v)
            }
            parsed += Array(repeating: nil, count: markers.count * 3 - parsed.count)
            rows.append(Row(frameNumber: frame, time: time, values: parsed))
        }
        return TRCFile(dataRate: rate, units: units, markers: Array(markers), rows: rows)
    }
}

/// Builds TRC files from pose frames.
public enum TRCExport {
    /// Marker names for the frames: the 33 body names when any frame has body landmarks, then
    /// the spine sites present in any frame, cranial to caudal.
    static func markers(_ frames: [PoseFrame]) -> (body: Bool, spine: [SpineSite]) {
        var scan = Scan()
        for f in frames { scan.add(f) }
        return scan.markers
    }

    /// What the header and the metric file need from all the frames, gathered in one pass.
    struct Scan {
        var body = false
        var sites = Set<SpineSite>()
        /// The lowest heel, toe or ankle point (largest y, pixels); 0 when none.
        var floor = 0.0
        var firstIndex: Int?
        /// Time stamps, only when the header has no frame rate (`rate` estimates it from them).
        var times: [Double]?

        init(keepTimes: Bool = false) { times = keepTimes ? [] : nil }

        mutating func add(_ f: PoseFrame) {
            if firstIndex == nil { firstIndex = f.index }
            times?.append(f.time)
            for p in f.spine { sites.insert(p.site) }
            guard f.landmarks.count == BodyLandmark.allCases.count else { return }
            body = true
            for b in [BodyLandmark.leftHeel, .rightHeel, .leftFootIndex, .rightFootIndex, .leftAnkle, .rightAnkle]
            where f.landmarks[b.rawValue].presence > 0 || f.landmarks[b.rawValue].visibility > 0 {
                floor = max(floor, f.landmarks[b.rawValue].y)
            }
        }

        var markers: (body: Bool, spine: [SpineSite]) { (body, SpineSite.allCases.filter(sites.contains)) }
    }

    /// Frames per second for the header: the declared rate, else from the time stamps.
    static func rate(_ frames: [PoseFrame], _ header: LandmarkFileHeader) -> Double {
        if header.fps > 0 { return header.fps }
        return ImportTiming.fps(fromTimes: frames.map(\.time)) ?? 0
    }

    /// Pixel TRC: image pixels, x right, y down, z = the landmark's relative depth. Frame# is
    /// the frame index + 1 (OpenSim counts from 1). A landmark with visibility and presence both
    /// 0 (an imported point that was missing) is written as missing.
    public static func pixels(_ frames: [PoseFrame], header: LandmarkFileHeader) -> TRCFile {
        build(frames, header: header, units: "px") { Point3(x: $0.x, y: $0.y, z: $0.z) }
    }

    /// Metric TRC for OpenSim: metres, X right in the image (forward when the lifter faces
    /// right), Y up with 0 at the floor line (the lowest heel or toe point over the clip), Z = 0;
    /// when the lifter faces left the file is turned 180° about Y so X is always forward. Scale:
    /// `pxPerMetre` (see `metricScale`).
    ///
    /// Z is written as 0 because this is a 2D capture, as Sports2D writes its 2D TRC files: the
    /// landmark model's relative depth spans about ±1.5 m once scaled, is not a measurement, and
    /// would bend the joints OpenSim's inverse kinematics fits out of the sagittal plane. The
    /// pixel file keeps it (`pixels`) for tools that want the raw model output.
    public static func metric(_ frames: [PoseFrame], header: LandmarkFileHeader, facing: Facing?, pxPerMetre: Double) -> TRCFile {
        var scan = Scan()
        for f in frames { scan.add(f) }
        return build(frames, header: header, units: "m", metricMap(scan, header: header, facing: facing, pxPerMetre: pxPerMetre))
    }

    /// The pixel-to-metre mapping of `metric`, from the floor line found by `scan`.
    static func metricMap(_ scan: Scan, header: LandmarkFileHeader, facing: Facing?, pxPerMetre: Double) -> (Point3) -> Point3 {
        let s = pxPerMetre > 0 ? pxPerMetre : 1
        let floor = scan.floor == 0 ? Double(header.height) : scan.floor
        let width = Double(header.width)
        let mirror = facing == .left
        return { p in Point3(x: (mirror ? width - p.x : p.x) / s, y: (floor - p.y) / s, z: 0) }
    }

    /// `pixels(frames, header:).text(fileName:)`, written row by row into `out` as the frames are
    /// read (two passes over `frames`: the marker names first, then the rows).
    /// - Throws: `.io` when spooled frames cannot be read.
    public static func writePixels<Out: TextOutputStream>(_ frames: PoseFrames, header: LandmarkFileHeader, fileName: String,
                                                          into out: inout Out) throws {
        try stream(frames, header: header, units: "px", fileName: fileName, into: &out) { _ in { Point3(x: $0.x, y: $0.y, z: $0.z) } }
    }

    /// `metric(frames, ...).text(fileName:)`, written row by row into `out` (two passes).
    /// - Throws: `.io` when spooled frames cannot be read.
    public static func writeMetric<Out: TextOutputStream>(_ frames: PoseFrames, header: LandmarkFileHeader, facing: Facing?,
                                                          pxPerMetre: Double, fileName: String, into out: inout Out) throws {
        try stream(frames, header: header, units: "m", fileName: fileName, into: &out) {
            metricMap($0, header: header, facing: facing, pxPerMetre: pxPerMetre)
        }
    }

    static func stream<Out: TextOutputStream>(_ frames: PoseFrames, header: LandmarkFileHeader, units: String, fileName: String,
                                              into out: inout Out, map makeMap: (Scan) -> (Point3) -> Point3) throws {
        var scan = Scan(keepTimes: header.fps <= 0)
        try frames.forEach { scan.add($0) }
        let (body, sites) = scan.markers
        let names = (body ? BodyLandmark.allCases.map(\.name) : []) + sites.map(\.rawValue)
        let rate = header.fps > 0 ? header.fps : (ImportTiming.fps(fromTimes: scan.times ?? []) ?? 0)
        TRCFile.writeHeader(fileName: fileName, dataRate: rate, units: units, markers: names, rowCount: frames.count,
                            firstFrameNumber: scan.firstIndex.map { $0 + 1 } ?? 1, into: &out)
        let map = makeMap(scan)
        try frames.forEach { f in
            TRCFile.write(row(f, body: body, sites: sites, width: names.count * 3, map), units: units, into: &out)
        }
    }

    /// Pixels per metre for the metric file: the median trunk length (hip midpoint to shoulder
    /// midpoint, pixels) over frames where it was measured, divided by 0.288 × the lifter's
    /// height — shoulder height 0.818 H minus hip (greater trochanter) height 0.530 H in
    /// Drillis & Contini's segment proportions (1966). The trunk length stays about constant
    /// while the lifter hinges, unlike the standing height. nil without any measured trunk.
    public static func metricScale(_ result: AnalysisResult, lifterHeightM: Double) -> Double? {
        let lengths = result.samples.compactMap(\.trunkLengthPx).filter { $0 > 0 }.sorted()
        guard !lengths.isEmpty, lifterHeightM > 0 else { return nil }
        return lengths[lengths.count / 2] / (0.288 * lifterHeightM)
    }

    struct Point3 { var x, y, z: Double }

    static func build(_ frames: [PoseFrame], header: LandmarkFileHeader, units: String, _ map: (Point3) -> Point3) -> TRCFile {
        let (body, sites) = markers(frames)
        let names = (body ? BodyLandmark.allCases.map(\.name) : []) + sites.map(\.rawValue)
        let rows = frames.map { row($0, body: body, sites: sites, width: names.count * 3, map) }
        return TRCFile(dataRate: rate(frames, header), units: units, markers: names, rows: rows)
    }

    /// One frame's row: X, Y, Z per marker (nil when missing), mapped by `map`.
    static func row(_ f: PoseFrame, body: Bool, sites: [SpineSite], width: Int, _ map: (Point3) -> Point3) -> TRCFile.Row {
        var values: [Double?] = []
        values.reserveCapacity(width)
        if body {
            let present = f.landmarks.count == BodyLandmark.allCases.count
            for b in BodyLandmark.allCases {
                if present, f.landmarks[b.rawValue].visibility > 0 || f.landmarks[b.rawValue].presence > 0 {
                    let l = f.landmarks[b.rawValue]
                    let p = map(Point3(x: l.x, y: l.y, z: l.z))
                    values += [p.x, p.y, p.z]
                } else {
                    values += [nil, nil, nil]
                }
            }
        }
        for site in sites {
            if let sp = f.spinePoint(site) {
                let p = map(Point3(x: sp.x, y: sp.y, z: 0))
                values += [p.x, p.y, p.z]
            } else {
                values += [nil, nil, nil]
            }
        }
        return TRCFile.Row(frameNumber: f.index + 1, time: f.time, values: values)
    }
}
