import Foundation
import PoseCore

/// What every number on the page means, said where a person meets it: a `title` on the number
/// (desktop hover) and a numbered note under its table or list (phones have no hover).
extension HTMLReport {
    /// One figure of the verdict card: its name, value, meaning and an optional short caption.
    struct Fact {
        var name: String
        var value: String
        var meaning: String
        var caption: String?

        init(_ name: String, _ value: String, _ meaning: String, caption: String? = nil) {
            self.name = name
            self.value = value
            self.meaning = meaning
            self.caption = caption
        }

        var html: String {
            "<div title=\"\(HTMLText.escape(meaning))\"><dt>\(HTMLText.escape(name))</dt><dd>\(HTMLText.escape(value))</dd>"
                + (caption.map { "<dd class=\"caption\">\(HTMLText.escape($0))</dd>" } ?? "") + "</div>"
        }
    }

    enum Numbers {
        /// A footnote: `id` anchors it, `number` marks it, `text` explains.
        struct Note: Hashable {
            var id: String
            var number: Int
            var text: String
        }

        static let time = Note(id: "n-time", number: 1,
                               text: "Time: when the rep started and ended, in seconds from the start of the recording.")
        static let trunkLean = Note(id: "n-lean", number: 2,
                                    text: "Deepest trunk lean: how far the line from hip to shoulder leaned forward from vertical at the bottom of the rep (0° standing, 90° horizontal). The back counts as loaded from 30°.")
        static let lowerBack = Note(id: "n-value", number: 3,
                                    text: "Lower-back angle: the number that decided the rep, in degrees; higher = more rounded, below 0° = the normal inward curve. “± 1.5°” is its uncertainty (how much the frames of that rep disagreed, and how much the hip's position could move it). In brackets: the limit. Lost when value − uncertainty reaches the limit; held when value + uncertainty stays under it.")
        static let flexion = Note(id: "n-value", number: 3,
                                  text: "Lumbar flexion from neutral: how far the lower back rounded from the lifter's own standing curve, in degrees, held for at least 0.2 s. “± 1.5°” is its uncertainty. In brackets: the limit. Lost when value − uncertainty reaches the limit; held when value + uncertainty stays under it. “% of max”: the same as a share of the lifter's maximal flexion (from a profile).")
        static let timeLost = Note(id: "n-lost", number: 4,
                                   text: "Time with curve lost: how long the lower back stayed past the limit while the trunk was loaded; in brackets, that time as a share of the rep's loaded time.")
        static let worstMoment = Note(id: "n-worst", number: 5,
                                      text: "Worst moment: the time of the rep's roundest lower back under load (the moment of its picture).")
        static let confidence = Note(id: "n-confidence", number: 6,
                                     text: "Confidence: how sure the body landmarks and the back's outline were, averaged over the rep's frames (100% = every landmark visible and the whole outline found). Frames under 50% are not judged.")
        /// For the flagged moments.
        static let severity = Note(id: "n-severity", number: 7,
                                   text: "Severity: how much shear the moment carried, from 0% to 100%. It grows with the trunk's lean (the sine of its angle: 50% of the shear at 30°, all of it horizontal) and with how far past the limit the back rounded (half weight at the limit, full weight 15° beyond). A rep at 60° of lean just past the limit scores about 43%.")

        /// The superscript mark after a heading, linking to its note.
        static func mark(_ note: Note) -> String {
            "<sup><a class=\"fn\" href=\"#\(note.id)\" title=\"\(HTMLText.escape(note.text))\">\(note.number)</a></sup>"
        }

        /// The notes, in their numbers' order, as a list whose items the marks link to.
        static func notes(_ notes: [Note], title: String) -> String {
            guard !notes.isEmpty else { return "" }
            var out = "<details class=\"numbers\" open><summary>\(HTMLText.escape(title))</summary><ol>"
            for note in notes.sorted(by: { $0.number < $1.number }) {
                out += "<li id=\"\(note.id)\" value=\"\(note.number)\">\(HTMLText.escape(note.text))</li>"
            }
            return out + "</ol></details>\n"
        }
    }
}
