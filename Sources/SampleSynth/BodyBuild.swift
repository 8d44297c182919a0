import Foundation

/// The lifter's build: how much soft tissue lies over the back, buttocks and belly, and how
/// thick the limbs are. The skeleton (segment lengths, the spine's skin points, the joint
/// angles, the balance solve) is the same for every build, so the ground truth (angles,
/// landmark and spine-point positions, posture-lost intervals) does not change with the build;
/// only the outline around it does (and with it which landmarks a thicker limb hides).
public enum BodyBuild: String, Sendable, Codable, Hashable, CaseIterable {
    /// Little subcutaneous fat: the erector bulge and the buttocks are smaller, the belly flat.
    case lean
    /// The figure of the committed sample clips (the default; renders byte-identically to them).
    case average
    /// A heavy build: a fat layer over the whole back, more tissue in the lumbar hollow,
    /// larger buttocks and belly, thicker limbs.
    case heavy

    /// The soft-tissue settings of this build.
    var softTissue: SoftTissue {
        switch self {
        case .lean:
            SoftTissue(erectorScale: 0.7, backFatM: 0, buttockExtraM: -0.012, bellyExtraM: -0.02, chestExtraM: -0.01,
                       limbScale: 0.88, trunkHalfWidthM: 0.13)
        case .average:
            SoftTissue()
        case .heavy:
            SoftTissue(erectorScale: 1.5, backFatM: 0.015, buttockExtraM: 0.035, bellyExtraM: 0.09, chestExtraM: 0.04,
                       limbScale: 1.25, trunkHalfWidthM: 0.19)
        }
    }
}

/// Soft tissue around the generated skeleton, metres (or a plain factor where so named). The
/// average build is all identities (factor 1, offset 0), so it draws exactly the shapes of the
/// committed sample clips.
///
/// Why these numbers: skinfold and ultrasound surveys put the subcutaneous fat over the lower
/// back at a few millimetres in lean adults and 2–4 cm in obese ones, and the anterior belly
/// wall moves out by 5–15 cm from lean to obese; the heavy build sits inside those ranges
/// (1.5 cm over the whole back, up to 9 cm on the belly), the lean one a little below the
/// average figure. They are chosen to span the builds a phone camera meets, not fitted to a
/// measured population.
struct SoftTissue: Sendable, Hashable {
    /// Multiplies the erector-spinae offset behind the spinous-process skin line
    /// (`FigureRenderer.erectorOffset`, largest at L3): more tissue in the lumbar hollow.
    var erectorScale = 1.0
    /// A uniform layer behind the whole dorsal line (S1 … C7), metres.
    var backFatM = 0.0
    /// Added to the bulge of the buttocks' arc round the hip joint, metres.
    var buttockExtraM = 0.0
    /// Added to the front (ventral) depth of the trunk at the belly (L5 … T10, most at L3–T12), metres.
    var bellyExtraM = 0.0
    /// Added to the front depth at the chest (T10 … T3), metres.
    var chestExtraM = 0.0
    /// Multiplies the radii of the limbs, the sleeves and the neck.
    var limbScale = 1.0
    /// Half-width of the trunk across the body (z), metres: seen in oblique views only.
    var trunkHalfWidthM = 0.15

    /// Share of `bellyExtraM` at each spine node S1 … C7.
    static let bellyWeight: [Double] = [0.5, 0.8, 1, 1, 1, 1, 0.9, 0.7, 0.45, 0.2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    /// Share of `chestExtraM` at each spine node S1 … C7.
    static let chestWeight: [Double] = [0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.3, 0.6, 0.85, 1, 1, 0.9, 0.7, 0.5, 0.3, 0]

    /// Extra front depth at spine node `k`, metres.
    func frontExtra(_ k: Int) -> Double { bellyExtraM * Self.bellyWeight[k] + chestExtraM * Self.chestWeight[k] }
}
