import PoseCapture
import PoseCore

/// Colours of the generated scene.
struct Palette: Sendable {
    var skin = Color(r: 222, g: 176, b: 146)
    var hair = Color(r: 58, g: 40, b: 30)
    var shirt: Color
    var shorts = Color(r: 42, g: 44, b: 54)
    var shoe = Color(r: 34, g: 34, b: 38)
    var sole = Color(r: 225, g: 225, b: 220)
    var plate = Color(r: 36, g: 36, b: 40)
    var plateRing = Color(r: 200, g: 48, b: 52)
    var metal = Color(r: 176, g: 178, b: 184)
    var kettlebell = Color(r: 44, g: 44, b: 50)
    var wallTop = Color(r: 206, g: 210, b: 216)
    var wallBottom = Color(r: 188, g: 192, b: 198)
    var baseboard = Color(r: 160, g: 160, b: 166)
    var floorNear = Color(r: 138, g: 116, b: 94)
    var floorFar = Color(r: 160, g: 138, b: 112)
    var eyeWhite = Color(r: 240, g: 240, b: 236)
    var pupil = Color(r: 30, g: 26, b: 24)
    var lips = Color(r: 170, g: 90, b: 86)

    init(clothing: Clothing) {
        switch clothing {
        case .tight: shirt = Color(r: 52, g: 86, b: 150)
        case .loose: shirt = Color(r: 150, g: 56, b: 56)
        // No shirt: the torso is drawn in the skin colour.
        case .shirtless: shirt = skin
        case .hoodie: shirt = Color(r: 86, g: 98, b: 90)
        }
    }
}

extension Color {
    /// Scaled brightness (1 = unchanged), clamped.
    func shaded(_ factor: Double) -> Color {
        func s(_ v: UInt8) -> UInt8 { UInt8(clampingRounded: Double(v) * factor) }
        return Color(r: s(r), g: s(g), b: s(b))
    }

    /// Linear blend towards `other`.
    func mixed(_ other: Color, _ t: Double) -> Color {
        func m(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8(clampingRounded: Double(a) + (Double(b) - Double(a)) * t) }
        return Color(r: m(r, other.r), g: m(g, other.g), b: m(b, other.b))
    }
}
