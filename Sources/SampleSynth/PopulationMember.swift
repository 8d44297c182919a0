import Foundation
import PoseCore

/// One member of the generated lifter population: a build, clothing, camera height, framing
/// and facing drawn from the member number alone, so a script can render unseen members
/// reproducibly (`hingecheck synth --population-member K`).
///
/// The draws (SplitMix64 sub-stream of K, in this order):
/// - build: lean 30 %, average 40 %, heavy 30 %;
/// - clothing: tight, loose, shirtless, hoodie, 25 % each;
/// - camera height: knee 20 %, hip 40 %, chest 25 %, head 15 % (hip is the filming advice, the
///   others what people do with a phone on the floor, a tripod or a shelf);
/// - person scale (lifter height / image height, i.e. camera distance): uniform 0.45 … 0.90,
///   rounded to 0.01 (0.45 ≈ a camera 6 m away with a phone's wide lens, 0.9 ≈ 3 m);
/// - facing: left or right, 50 % each.
///
/// The view stays side-on and the motion's per-rep jitter comes from the clip's seed as usual.
public struct PopulationMember: Sendable, Hashable {
    public var member: UInt64
    public var build: BodyBuild
    public var clothing: Clothing
    public var cameraHeight: CameraHeight
    /// Lifter height as a fraction of the image height.
    public var personScale: Double
    public var facing: Facing

    /// Draws member `member`'s options. Same member, same options, on every platform.
    public init(member: UInt64) {
        self.member = member
        var rng = SplitMix64.stream(seed: member, 0x909_0A7E)
        func pick<T>(_ items: [(T, Double)]) -> T {
            let u = rng.unit()
            var acc = 0.0
            for (item, p) in items {
                acc += p
                if u < acc { return item }
            }
            return items[items.count - 1].0
        }
        build = pick([(.lean, 0.3), (.average, 0.4), (.heavy, 0.3)])
        clothing = pick([(.tight, 0.25), (.loose, 0.25), (.shirtless, 0.25), (.hoodie, 0.25)])
        cameraHeight = pick([(.knee, 0.2), (.hip, 0.4), (.chest, 0.25), (.head, 0.15)])
        personScale = (rng.uniform(0.45, 0.9) * 100).rounded() / 100
        facing = rng.unit() < 0.5 ? .left : .right
    }

    /// `options` with this member's build, clothing, camera height, person scale and facing,
    /// and `populationMember` set.
    public func applied(to options: SynthOptions) -> SynthOptions {
        var o = options
        o.build = build
        o.clothing = clothing
        o.cameraHeight = cameraHeight
        o.personScale = personScale
        o.facing = facing
        o.populationMember = member
        return o
    }
}
