import Foundation
import Testing
@testable import Workflows

@Suite struct LiveFrameSlotTests {
    @Test func aSlowConsumerGetsTheNewestAndDropsAreCounted() {
        let slot = LiveFrameSlot<Int>()
        #expect(slot.put(1) == false)
        #expect(slot.put(2) == true)
        #expect(slot.put(3) == true)
        #expect(slot.take() == 3)
        #expect(slot.counts.stored == 3)
        #expect(slot.counts.dropped == 2)
        #expect(slot.take(waitingAtMost: 0.01) == nil)
    }

    @Test func closeEndsTakeAfterTheLastValue() {
        let slot = LiveFrameSlot<Int>()
        slot.put(7)
        slot.close()
        #expect(slot.put(8) == false)
        #expect(slot.take() == 7)
        #expect(slot.take() == nil)
        #expect(slot.isClosed)
    }

    @Test func putWaitingDropsNothing() async {
        let slot = LiveFrameSlot<Int>()
        let producer = Thread {
            for i in 0..<200 { slot.putWaiting(i) }
            slot.close()
        }
        producer.start()
        var got: [Int] = []
        while let v = slot.take() { got.append(v) }
        #expect(got == Array(0..<200))
        #expect(slot.counts.dropped == 0)
    }

    /// The session's wind-down: a lossless producer blocked on a full slot goes on, and the
    /// consumer returns once the producer closes the slot, without polling.
    @Test func discardUntilClosedReleasesAWaitingProducer() {
        let slot = LiveFrameSlot<Int>()
        let produced = LockedValue(0)
        let producer = Thread {
            for i in 0..<50 {
                guard slot.putWaiting(i) else { break }
                produced.withLock { $0 += 1 }
            }
            slot.close()
        }
        producer.start()
        slot.discardUntilClosed()
        #expect(slot.isClosed)
        #expect(produced.get() == 50)
        #expect(slot.counts.dropped == 0)
        #expect(slot.take() == nil)
    }

    @Test func aBlockedTakeWakesOnPut() {
        let slot = LiveFrameSlot<String>()
        let t = Thread {
            Thread.sleep(forTimeInterval: 0.05)
            slot.put("frame")
        }
        t.start()
        #expect(slot.take(waitingAtMost: 5) == "frame")
    }

    @Test func latencyQuantilesUseNearestRank() {
        var l = LiveLatency()
        for v in 1...100 { l.record(ms: Double(v)) }
        #expect(l.quantile(0.5) == 50)
        #expect(l.quantile(0.95) == 95)
        let r = l.report(captured: 200, processed: 100, dropped: 100, durationS: 10, sourceFPS: 30)
        #expect(r.dropRate == 0.5)
        #expect(r.processingFPS == 10)
    }

    @Test func theBeepIsAValidWAV() {
        let wav = LiveSoundCue.beepWAV(durationS: 0.1, sampleRate: 8000)
        #expect(wav.count == 44 + 800 * 2)
        #expect(String(decoding: wav.prefix(4), as: UTF8.self) == "RIFF")
        #expect(String(decoding: wav[8..<12], as: UTF8.self) == "WAVE")
    }
}
