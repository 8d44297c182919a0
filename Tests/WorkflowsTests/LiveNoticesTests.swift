import Testing
@testable import Workflows

/// The notices under the live status: a few seconds of session time each, the calibration's
/// outcome also gone once the first rep starts.
@Suite struct LiveNoticesTests {
    @Test func noticesExpireOnSessionTime() {
        var notices = LiveNotices(holdS: 5)
        notices.post("Stand tall", at: 0)
        notices.post("calibration: neutral +30.0°", at: 2, untilFirstRep: true)
        #expect(notices.visible(at: 3, repStarted: false) == ["Stand tall", "calibration: neutral +30.0°"])
        #expect(notices.visible(at: 5, repStarted: false) == ["calibration: neutral +30.0°"])
        #expect(notices.visible(at: 3, repStarted: true) == ["Stand tall"])
        #expect(notices.visible(at: 7, repStarted: false) == [])
        notices.post("camera lost", at: 20)
        #expect(notices.visible(at: 24.9, repStarted: true) == ["camera lost"])
        #expect(notices.visible(at: 25, repStarted: true) == [])
    }

    @Test func keepsTheNewestFive() {
        var notices = LiveNotices(holdS: 100)
        for i in 0..<8 { notices.post("n\(i)", at: Double(i)) }
        #expect(notices.visible(at: 8, repStarted: false) == ["n3", "n4", "n5", "n6", "n7"])
    }
}
