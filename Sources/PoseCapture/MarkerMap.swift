import Foundation
import PoseCore

/// A body point (not on the spine) that a marker can mark in a side view. Each fills both the
/// left and the right `blazepose-33` landmark of that point: from the side they coincide, and
/// analyses take the near side.
public enum MarkerBodyPoint: String, CaseIterable, Sendable, Codable, Hashable {
    /// Acromion (top of the shoulder). Without it the shoulder is a proxy from C7.
    case shoulder
    /// Greater trochanter (side of the hip).
    case hip
    /// Lateral knee joint line (lateral femoral epicondyle).
    case knee
    /// Lateral malleolus (outer ankle bone).
    case ankle
    /// Back of the heel.
    case heel
    /// Tip of the shoe (fifth metatarsal head side view).
    case toe

    /// The left and right landmarks this point fills.
    public var landmarks: [BodyLandmark] {
        switch self {
        case .shoulder: [.leftShoulder, .rightShoulder]
        case .hip: [.leftHip, .rightHip]
        case .knee: [.leftKnee, .rightKnee]
        case .ankle: [.leftAnkle, .rightAnkle]
        case .heel: [.leftHeel, .rightHeel]
        case .toe: [.leftFootIndex, .rightFootIndex]
        }
    }
}

/// Where one marker sits: a spinous process or a body point.
public enum MarkedSite: Hashable, Sendable, Comparable, CustomStringConvertible {
    case spine(SpineSite)
    case body(MarkerBodyPoint)

    /// Parses "C7", "t12", "S1", "hip", "Knee" (case-insensitive).
    public init?(name: String) {
        if let s = SpineSite(rawValue: name.uppercased()) {
            self = .spine(s)
        } else if let b = MarkerBodyPoint(rawValue: name.lowercased()) {
            self = .body(b)
        } else {
            return nil
        }
    }

    /// "C7" … "S1", "hip", "knee", ...
    public var description: String {
        switch self {
        case .spine(let s): s.rawValue
        case .body(let b): b.rawValue
        }
    }

    /// Spine sites cranial to caudal, then body points top to bottom.
    public static func < (a: MarkedSite, b: MarkedSite) -> Bool {
        switch (a, b) {
        case (.spine(let x), .spine(let y)): x < y
        case (.spine, .body): true
        case (.body, .spine): false
        case (.body(let x), .body(let y)):
            MarkerBodyPoint.allCases.firstIndex(of: x)! < MarkerBodyPoint.allCases.firstIndex(of: y)!
        }
    }

    /// All names accepted in a map, for error messages.
    public static var allNames: [String] { SpineSite.allCases.map(\.rawValue) + MarkerBodyPoint.allCases.map(\.rawValue) }
}

/// Which marker id sits where: "0:C7,1:T8,2:T12,3:L3,4:S1,5:hip,6:knee,7:ankle".
public struct MarkerMap: Sendable, Hashable, CustomStringConvertible {
    /// The default map; the sample-video generator places the same ids (SampleSynth).
    public static let standardText = "0:C7,1:T8,2:T12,3:L3,4:S1,5:hip,6:knee,7:ankle"
    public static let standard = try! MarkerMap(parsing: standardText)

    /// Site of each id.
    public let sites: [Int: MarkedSite]

    /// - Throws: `.invalidArgument` when an id is negative or outside `markerCount`, or two ids
    ///   share a site.
    public init(_ sites: [Int: MarkedSite], markerCount: Int = 50) throws {
        var seen: [MarkedSite: Int] = [:]
        for (id, site) in sites.sorted(by: { $0.key < $1.key }) {
            guard (0..<markerCount).contains(id) else {
                throw HingeCheckError(.invalidArgument, "marker id \(id) is outside the dictionary (0...\(markerCount - 1))")
            }
            if let other = seen[site] {
                throw HingeCheckError(.invalidArgument, "markers \(other) and \(id) are both mapped to \(site)",
                                      hint: "give each site one marker id")
            }
            seen[site] = id
        }
        guard !sites.isEmpty else { throw HingeCheckError(.invalidArgument, "the marker map is empty") }
        self.sites = sites
    }

    /// Parses "ID:SITE" pairs separated by commas (spaces allowed), e.g. "0:C7, 1:T8, 5:hip".
    /// - Throws: `.invalidArgument` naming the bad pair and listing the known sites.
    public init(parsing text: String, markerCount: Int = 50) throws {
        var sites: [Int: MarkedSite] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: ":", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let id = Int(parts[0]), let site = MarkedSite(name: parts[1]) else {
                throw HingeCheckError(.invalidArgument, "bad marker map entry \"\(pair.trimmingCharacters(in: .whitespaces))\"",
                                      hint: "write ID:SITE pairs such as \(Self.standardText); sites: \(MarkedSite.allNames.joined(separator: ", "))")
            }
            guard sites[id] == nil else { throw HingeCheckError(.invalidArgument, "marker id \(id) appears twice in the map") }
            sites[id] = site
        }
        try self.init(sites, markerCount: markerCount)
    }

    /// The id of a site's marker.
    public func id(of site: MarkedSite) -> Int? { sites.first { $0.value == site }?.key }

    /// Mapped ids in ascending order.
    public var ids: [Int] { sites.keys.sorted() }

    /// The map as "ID:SITE" pairs in id order.
    public var description: String { ids.map { "\($0):\(sites[$0]!)" }.joined(separator: ",") }
}
