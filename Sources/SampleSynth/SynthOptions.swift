import Foundation
import PoseCore

/// What the lifter wears.
public enum Clothing: String, Sendable, Codable, Hashable, CaseIterable {
    /// A fitted shirt: the silhouette's back edge is the skin over the spine.
    case tight
    /// A loose shirt that bridges the lumbar hollow and hangs off the back at the waistband.
    case loose
    /// No shirt: the torso above the shorts' waistband is skin-coloured and no cloth edge
    /// (hem, sleeve) crosses the back or the arms; the silhouette's back edge is the skin.
    case shirtless
    /// A hoodie: thick, loose fabric that reaches down over the top of the buttocks, a ribbed
    /// hem that holds at the hips, long sleeves, and the hood bunched behind the neck (about 5 cm
    /// proud of the upper back). Upright it hangs 3 cm off the back and bridges the lumbar hollow
    /// from the buttocks up; as the trunk tips forward gravity lays it onto the back (a share
    /// sin(inclination) of the bridge sags onto the skin, down to 1 cm of fabric).
    case hoodie
}

/// Where the camera stands, as the lifter's turn about the vertical axis before projection.
public enum CameraView: String, Sendable, Codable, Hashable, CaseIterable {
    /// Pure side view: the image plane is the sagittal plane.
    case side
    /// Lifter turned 30° towards the camera (front oblique).
    case oblique30 = "oblique-30"
    /// Lifter turned 45° towards the camera.
    case oblique45 = "oblique-45"
    /// Lifter turned 30° away from the camera (back oblique: the back is seen).
    case rearOblique30 = "rear-oblique-30"
    /// Lifter turned 45° away from the camera.
    case rearOblique45 = "rear-oblique-45"

    /// The turn in degrees, positive towards the camera.
    public var yawDeg: Double {
        switch self {
        case .side: 0
        case .oblique30: 30
        case .oblique45: 45
        case .rearOblique30: -30
        case .rearOblique45: -45
        }
    }
}

/// Everything that shapes a generated clip. Two equal values render identical frames and
/// identical truth bytes.
public struct SynthOptions: Sendable, Hashable {
    public var scenario: SynthScenario
    public var overrides: ScriptOverrides
    /// Frame size in pixels.
    public var width: Int
    public var height: Int
    public var fps: Double
    /// Which way the lifter faces in the image.
    public var facing: Facing
    public var view: CameraView
    /// ArUco 4x4_50 markers over C7, T8, T12, L3, S1 and on the near hip, knee and ankle.
    public var markers: Bool
    /// Marker side in metres (black square, without its white margin).
    public var markerSizeM: Double
    public var clothing: Clothing
    /// Draw the barbell's plates. Without them the bar still stops 22.5 cm above the floor (as
    /// if pulled from blocks) and no plate hides the legs or hips in a side view: BlazePose
    /// tracks the hips far better then (see SampleVideos/README.md).
    public var plates: Bool
    /// Additive noise, standard deviation in grey levels (0 = none).
    public var noiseStdDev: Double
    /// Gaussian blur sigma in pixels (0 = none), applied before the noise.
    public var blurSigma: Double
    public var seed: UInt64
    /// Clip length in seconds; nil = the script's own length. Longer pads with standing,
    /// shorter cuts the set.
    public var durationS: Double?
    /// Person height in the frame as a fraction of the image height (framing, about 0.8): the
    /// camera's distance, since the generator's camera is orthographic.
    public var personScale: Double
    /// The lifter's build (soft tissue and limb widths; the skeleton and the truth unchanged).
    public var build: BodyBuild
    /// The camera's height, rendered as the pitch of the view (`CameraHeight.pitchDeg`).
    public var cameraHeight: CameraHeight
    /// The population member these options were drawn for (`PopulationMember`), recorded in
    /// the truth; nil for clips not drawn from the population. It changes no pixel by itself.
    public var populationMember: UInt64?

    public init(scenario: SynthScenario, overrides: ScriptOverrides = ScriptOverrides(), width: Int = 640, height: Int = 360,
                fps: Double = 30, facing: Facing = .right, view: CameraView = .side, markers: Bool = false,
                markerSizeM: Double = 0.07, clothing: Clothing = .tight, plates: Bool = true, noiseStdDev: Double = 2, blurSigma: Double = 0.5,
                seed: UInt64 = 1, durationS: Double? = nil, personScale: Double = 0.8, build: BodyBuild = .average,
                cameraHeight: CameraHeight = .hip, populationMember: UInt64? = nil) {
        self.scenario = scenario
        self.overrides = overrides
        self.width = width
        self.height = height
        self.fps = fps
        self.facing = facing
        self.view = view
        self.markers = markers
        self.markerSizeM = markerSizeM
        self.clothing = clothing
        self.plates = plates
        self.noiseStdDev = noiseStdDev
        self.blurSigma = blurSigma
        self.seed = seed
        self.durationS = durationS
        self.personScale = personScale
        self.build = build
        self.cameraHeight = cameraHeight
        self.populationMember = populationMember
    }

    /// Checks sizes and ranges.
    /// - Throws: `HingeCheckError.Code.invalidArgument` naming the bad value.
    public func validate() throws {
        func bad(_ text: String) -> HingeCheckError { HingeCheckError(.invalidArgument, text) }
        guard (64...4096).contains(width), (64...4096).contains(height) else { throw bad("frame size must be 64…4096 pixels per side") }
        guard width % 2 == 0, height % 2 == 0 else { throw bad("width and height must be even (H.264 needs it)") }
        guard fps >= 1, fps <= 240 else { throw bad("fps must be 1…240") }
        guard noiseStdDev >= 0, noiseStdDev <= 50 else { throw bad("noise must be 0…50 grey levels") }
        guard blurSigma >= 0, blurSigma <= 10 else { throw bad("blur must be 0…10 pixels") }
        guard markerSizeM > 0.01, markerSizeM <= 0.2 else { throw bad("marker size must be 0.01…0.2 m") }
        guard personScale >= 0.3, personScale <= 1 else { throw bad("person scale must be 0.3…1") }
        if let d = durationS, !(d > 0 && d <= 600) { throw bad("duration must be 0…600 s") }
        if let r = overrides.reps, !(1...50).contains(r) { throw bad("reps must be 1…50") }
    }
}
