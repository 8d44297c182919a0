import Foundation
import PoseCore

/// One member of the generated lifter population: a build, clothing, camera height, framing
/// and facing drawn from the member number alone, so a script can render unseen members
/// reproducibly (`hingecheck synth --population-member K`).
///
/// The choices: build, clothing and camera height cycle with the member number (K mod 3, 4 and 5),
/// so any 12 consecutive members hold every build × clothing pair and any 60 every combination
/// with the camera height too: a short run (8 members) already covers each category. Person
/// scale and facing are drawn at random from K (SplitMix64 sub-stream of K):
/// - build: lean, average, heavy (K mod 3 = 0, 1, 2), a third each;
/// - clothing: hoodie, tight, loose, shirtless (K mod 4 = 0 … 3), a quarter each;
/// - camera height: knee, hip, chest, hip, head (K mod 5 = 0 … 4): hip 40 %, the others 20 %
///   (hip is the filming advice; the others what people do with a phone on the floor, a
///   tripod or a shelf);
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
        build = [BodyBuild.lean, .average, .heavy][Int(member % 3)]
        clothing = [Clothing.hoodie, .tight, .loose, .shirtless][Int(member % 4)]
        cameraHeight = [CameraHeight.knee, .hip, .chest, .hip, .head][Int(member % 5)]
        var rng = SplitMix64.stream(seed: member, 0x909_0A7E)
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
