import Foundation
import Testing
@testable import Workflows

/// `PluginProcess.finish(grace:)` waits for an external analyser's exit in poll(2) on its pidfd
/// (`hc_wait_child`), not in a sleep loop: a plugin that exits on EOF is reaped with its status,
/// one that lingers is killed once the grace runs out.
@Suite struct PluginProcessTests {
    @Test func aPluginThatExitsOnEOFIsReapedWithItsStatus() throws {
        let process = try PluginProcess(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "cat >/dev/null; exit 3"])
        #expect(process.finish(grace: 30) == "exited with status 3")
    }

    @Test func aPluginThatLingersIsKilledAfterTheGrace() throws {
        let process = try PluginProcess(executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "exec sleep 60"])
        let ending = process.finish(grace: 0.2)
        #expect(ending.contains("killed by signal"), "\(ending)")
    }
}
