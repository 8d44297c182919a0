import Foundation
import Testing
@testable import Workflows

@Suite struct LiveFrameStreamTests {
    @Test func aSlowConsumerGetsTheNewestAndDropsAreCounted() async {
        let stream = LiveFrameStream<Int>()
        var receiver = stream.makeReceiver()
        #expect(stream.put(1) == false)
        #expect(stream.put(2) == true)
        #expect(stream.put(3) == true)
        #expect(await receiver.next() == 3)
        #expect(stream.counts.stored == 3)
        #expect(stream.counts.dropped == 2)
        stream.finish()
        #expect(await receiver.next() == nil)
    }

    @Test func finishEndsTheStreamAfterTheLastValue() async {
        let stream = LiveFrameStream<Int>()
        var receiver = stream.makeReceiver()
        stream.put(7)
        stream.finish()
        #expect(stream.put(8) == false)
        #expect(await receiver.next() == 7)
        #expect(await receiver.next() == nil)
        #expect(stream.counts.stored == 1)
    }

    @Test func losslessSendDropsNothing() async {
        let stream = LiveFrameStream<Int>(lossless: true)
        var receiver = stream.makeReceiver()
        let producer = Task {
            var sender = stream.makeSender()
            for i in 0..<200 { _ = await sender.send(i) }
            stream.finish()
        }
        var got: [Int] = []
        while let v = await receiver.next() { got.append(v) }
        await producer.value
        #expect(got == Array(0..<200))
        #expect(stream.counts.dropped == 0)
    }

    /// The session's wind-down: a lossless producer waiting for the consumer goes on once the
    /// stream is finished from the consumer's side, without polling.
    @Test func finishReleasesAWaitingLosslessProducer() async {
        let stream = LiveFrameStream<Int>(lossless: true)
        var receiver = stream.makeReceiver()
        let producer = Task {
            var sender = stream.makeSender()
            var sent = 0
            for i in 0..<50 {
                guard await sender.send(i) else { break }
                sent += 1
            }
            return sent
        }
        #expect(await receiver.next() == 0)
        #expect(await receiver.next() == 1)
        stream.finish()
        // At most the two taken, the one buffered and none after the finish.
        #expect((2...3).contains(await producer.value))
        #expect(stream.counts.dropped == 0)
    }

    /// A stop cancels the capture task: its wait for the consumer ends at once.
    @Test func cancellingAWaitingProducerEndsItsWait() async {
        let stream = LiveFrameStream<Int>(lossless: true)
        let producer = Task {
            var sender = stream.makeSender()
            let first = await sender.send(1)
            let second = await sender.send(2)
            return (first, second)
        }
        // Nobody takes frame 1, so the producer waits for a credit until it is cancelled.
        try? await Task.sleep(for: .milliseconds(50))
        producer.cancel()
        let (first, second) = await producer.value
        #expect(first && !second)
        #expect(stream.counts.stored == 1)
    }

    @Test func aWaitingConsumerWakesOnPut() async {
        let stream = LiveFrameStream<String>()
        var receiver = stream.makeReceiver()
        let producer = Task {
            try? await Task.sleep(for: .milliseconds(50))
            stream.put("frame")
        }
        #expect(await receiver.next() == "frame")
        await producer.value
    }

    @Test func aSignalWakesEveryWaiterOnceAndCancellationEndsAWait() async {
        let signal = LiveSignal()
        let waiters = (0..<3).map { _ in Task { await signal.wait() } }
        let cancelled = LiveSignal()
        let abandoned = Task { await cancelled.wait() }
        abandoned.cancel()
        await abandoned.value
        #expect(!cancelled.isFired)
        signal.fire()
        signal.fire()
        for waiter in waiters { await waiter.value }
        #expect(signal.isFired)
        await signal.wait()  // already fired: returns at once
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
