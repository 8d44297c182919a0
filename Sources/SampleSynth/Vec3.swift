import Foundation
import PoseCore

/// A point or vector in the body's 3-D frame, metres: x forward (the way the lifter faces),
/// y up (floor at y = 0), z towards the lifter's left.
public struct Vec3: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var z: Double

    @inlinable public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    @inlinable public static func + (a: Vec3, b: Vec3) -> Vec3 { Vec3(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inlinable public static func - (a: Vec3, b: Vec3) -> Vec3 { Vec3(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inlinable public static func * (a: Vec3, s: Double) -> Vec3 { Vec3(a.x * s, a.y * s, a.z * s) }
}

extension Point2 {
    /// The unit vector at `angle` radians from straight up, positive leaning forward (+x),
    /// in the sagittal frame (x forward, y up).
    static func fromVertical(_ angle: Double) -> Point2 { Point2(sin(angle), cos(angle)) }

    /// Rotated counter-clockwise by `angle` radians (in a y-up frame).
    func rotated(_ angle: Double) -> Point2 {
        let c = cos(angle), s = sin(angle)
        return Point2(c * x - s * y, s * x + c * y)
    }

    var normalized: Point2 {
        let l = length
        return l > 0 ? self / l : self
    }

    /// Lifts a sagittal point to 3-D at lateral offset z.
    func at(z: Double) -> Vec3 { Vec3(x, y, z) }
}

@inline(__always) func radians(_ deg: Double) -> Double { deg * .pi / 180 }
@inline(__always) func degrees(_ rad: Double) -> Double { rad * 180 / .pi }

@inline(__always) func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double { a + (b - a) * t }
@inline(__always) func lerp(_ a: Point2, _ b: Point2, _ t: Double) -> Point2 { a + (b - a) * t }
@inline(__always) func clamp01(_ t: Double) -> Double { min(1, max(0, t)) }

/// Cosine ease in/out on [0, 1].
@inline(__always) func ease(_ t: Double) -> Double {
    let u = clamp01(t)
    return 0.5 - 0.5 * cos(.pi * u)
}

/// Signed angle in radians turning from `u` to `v` (positive clockwise in y-down image
/// coordinates, counter-clockwise in y-up coordinates).
@inline(__always) func signedAngle(from u: Point2, to v: Point2) -> Double {
    atan2(u.cross(v), u.dot(v))
}

/// A tapered capsule (two circles joined by tangent lines) as a polygon, `segments` points
/// per end cap.
func capsulePolygon(_ a: Point2, _ b: Point2, ra: Double, rb: Double, segments: Int = 10) -> [Point2] {
    let d = b - a
    let len = d.length
    guard len > 1e-9 else { return circlePolygon(a, radius: max(ra, rb), segments: 2 * segments) }
    let dir = d / len
    // Angle of the tangent point from the axis, accounting for the taper.
    let s = max(-0.99, min(0.99, (ra - rb) / len))
    let phi = acos(s)  // angle between axis and radius to tangent point (at a, measured from +dir)
    let base = atan2(dir.y, dir.x)
    var pts: [Point2] = []
    pts.reserveCapacity(2 * segments + 2)
    // Cap around b: from +phi to -phi through 0 (the far side).
    for i in 0...segments {
        let t = base + phi - 2 * phi * Double(i) / Double(segments)
        pts.append(b + Point2(cos(t), sin(t)) * rb)
    }
    // Cap around a: from -phi to -(2π - phi), i.e. through π.
    for i in 0...segments {
        let t = base - phi - (2 * .pi - 2 * phi) * Double(i) / Double(segments)
        pts.append(a + Point2(cos(t), sin(t)) * ra)
    }
    return pts
}

func circlePolygon(_ c: Point2, radius: Double, segments: Int = 24) -> [Point2] {
    (0..<segments).map { i in
        let t = 2 * .pi * Double(i) / Double(segments)
        return c + Point2(cos(t), sin(t)) * radius
    }
}

func ellipsePolygon(_ c: Point2, halfWidth: Double, halfHeight: Double, angle: Double, segments: Int = 32) -> [Point2] {
    (0..<segments).map { i in
        let t = 2 * .pi * Double(i) / Double(segments)
        return c + Point2(cos(t) * halfWidth, sin(t) * halfHeight).rotated(angle)
    }
}

/// Catmull-Rom spline through `points` (open), `steps` sub-points per span, endpoints kept.
func catmullRom(_ points: [Point2], steps: Int) -> [Point2] {
    guard points.count > 2, steps > 1 else { return points }
    var out: [Point2] = []
    out.reserveCapacity((points.count - 1) * steps + 1)
    for i in 0..<(points.count - 1) {
        let p0 = points[max(0, i - 1)], p1 = points[i], p2 = points[i + 1], p3 = points[min(points.count - 1, i + 2)]
        for k in 0..<steps {
            let t = Double(k) / Double(steps)
            let t2 = t * t, t3 = t2 * t
            let a = p1 * 2
            let b = (p2 - p0) * t
            let c = (p0 * 2 - p1 * 5 + p2 * 4 - p3) * t2
            let d = (p1 * 3 - p0 - p2 * 3 + p3) * t3
            out.append((a + b + c + d) * 0.5)
        }
    }
    out.append(points[points.count - 1])
    return out
}

/// True when `p` lies inside the polygon (even-odd rule).
func polygonContains(_ polygon: [Point2], _ p: Point2) -> Bool {
    guard polygon.count >= 3 else { return false }
    var inside = false
    var j = polygon.count - 1
    for i in 0..<polygon.count {
        let a = polygon[i], b = polygon[j]
        if (a.y > p.y) != (b.y > p.y) {
            let x = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x)
            if p.x < x { inside.toggle() }
        }
        j = i
    }
    return inside
}

/// Rounds to a fixed number of decimals, for compact, stable JSON.
@inline(__always) func rounded(_ v: Double, _ decimals: Int) -> Double {
    let f = pow(10.0, Double(decimals))
    let r = (v * f).rounded() / f
    return r == 0 ? 0 : r  // no "-0"
}
