/// A point or vector in image pixels (origin top-left, x right, y down) unless a caller says
/// otherwise.
public struct Point2: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double

    @inlinable public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    public static let zero = Point2(0, 0)

    @inlinable public static func + (a: Point2, b: Point2) -> Point2 { Point2(a.x + b.x, a.y + b.y) }
    @inlinable public static func - (a: Point2, b: Point2) -> Point2 { Point2(a.x - b.x, a.y - b.y) }
    @inlinable public static func * (a: Point2, s: Double) -> Point2 { Point2(a.x * s, a.y * s) }
    @inlinable public static func / (a: Point2, s: Double) -> Point2 { Point2(a.x / s, a.y / s) }

    /// Euclidean length, in the same units as the coordinates.
    @inlinable public var length: Double { (x * x + y * y).squareRoot() }
    @inlinable public func dot(_ o: Point2) -> Double { x * o.x + y * o.y }
    /// z of the 3D cross product; positive when `o` is clockwise from `self` in image
    /// coordinates (y down).
    @inlinable public func cross(_ o: Point2) -> Double { x * o.y - y * o.x }
    @inlinable public func distance(to o: Point2) -> Double { (self - o).length }
    @inlinable public static func midpoint(_ a: Point2, _ b: Point2) -> Point2 { Point2((a.x + b.x) / 2, (a.y + b.y) / 2) }

    private enum CodingKeys: String, CodingKey { case x, y }
}
