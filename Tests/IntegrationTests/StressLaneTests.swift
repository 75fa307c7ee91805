import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import MediaStress
import Testing

/// `mediactl stress unbind` on the real kernel of the guest (stock Debian 6.12 with
/// slub_debug). These unbind vimc, so they run one after the other.
@Suite(.enabled(if: VMLane.isMain && TestMachine.isRoot, "needs the VM lane's main phase, as root"), .serialized)
struct StressLaneTests {
    static func report(_ json: String) throws -> StressReport {
        try JSONDecoder().decode(StressReport.self, from: Data(json.utf8))
    }

    var vimcBound: Bool { access("/sys/bus/platform/drivers/vimc/vimc.0", F_OK) == 0 }

    @Test func tenCyclesHoldingEveryNodeWithHammersAreClean() async throws {
        let result = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--cycles", "10", "--hammer", "2", "--format", "json"])
        let report = try Self.report(result.stdout)
        #expect(result.status == 0, "\(result.stderr) \(report.error ?? "")")
        #expect(report.verdict == .clean)
        #expect(report.cycles.count == 10)
        #expect(report.uniqueFindings.isEmpty)
        for cycle in report.cycles {
            #expect(cycle.topologyUnchanged == true)
            #expect(cycle.held.count == 12)  // media + 3 video + 8 subdev nodes
            #expect(cycle.hammer.total > 0)
            let outcomes = cycle.afterUnbind.counts.values.reduce(into: Set<String>()) { $0.formUnion($1.keys) }
            #expect(outcomes == ["EIO", "ENODEV"])
            #expect(cycle.contract.allSatisfy { $0.passed })
        }
        #expect(vimcBound)
    }

    @Test func streamingAcrossUnbindIsCleanAndDequeueFailsWithENODEV() async throws {
        let result = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--stream", "--format", "json"])
        let report = try Self.report(result.stdout)
        #expect(result.status == 0, "\(result.stderr) \(report.error ?? "")")
        let stream = try #require(report.cycles.first?.stream)
        #expect(stream.framesBeforeUnbind >= 1)
        #expect(stream.dequeueAfterUnbind == "ENODEV")
        #expect(stream.streamOffAfterUnbind == "ENODEV")
        #expect(report.verdict == .clean)
        #expect(vimcBound)
    }

    @Test func parkingVideoAndSubdevFormatIoctlsIsClean() async throws {
        for pin in ["video-fmt", "subdev-fmt"] {
            let result = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--pin", pin, "--format", "json"])
            let report = try Self.report(result.stdout)
            #expect(result.status == 0, "\(pin): \(result.stderr)")
            #expect(report.cycles.first?.pin?.outcome == .returned(errno: "ENODEV"), "\(pin)")
            #expect(report.uniqueFindings.isEmpty, "\(pin)")
        }
        #expect(vimcBound)
    }

    @Test func sigintMidRunLeavesTheDeviceBoundAndTheReportComplete() async throws {
        let output = "/tmp/mediactl-sigint-\(getpid()).txt"
        let reportPath = "/tmp/mediactl-sigint-\(getpid()).json"
        let run = try #require(
            await BuiltBinary.start(
                ["stress", "unbind", "-d", "vimc", "--cycles", "200", "--hammer", "1", "--report", reportPath],
                outputPath: output))
        let pid = run.pid
        // Wait for the first cycle's progress line, then interrupt the second.
        let start = MonotonicClock.now
        while !BuiltBinary.contents(of: output).contains("cycle 1/"), MonotonicClock.now - start < 60 {
            usleep(20_000)
        }
        kill(pid, SIGINT)
        let status = await BuiltBinary.wait(run)
        #expect(status == 0, "\(BuiltBinary.contents(of: output + ".stderr"))")
        let report = try Self.report(BuiltBinary.contents(of: reportPath))
        #expect(report.interrupted)
        #expect(report.cycles.count >= 1 && report.cycles.count < 200)
        #expect(report.cycles.allSatisfy { $0.topologyUnchanged == true })
        #expect(vimcBound)
        #expect(access("/dev/media0", F_OK) == 0 || TestMachine.mediaNode(driver: "vimc") != nil)
    }

    /// A second signal does not wait for the cycle to end: the device is bound again
    /// right away and the run exits with 130, wherever in the cycle it was.
    @Test func aSecondSignalBindsTheDeviceAndExits130() async throws {
        let output = "/tmp/mediactl-second-signal-\(getpid()).txt"
        let run = try #require(
            await BuiltBinary.start(["stress", "unbind", "-d", "vimc", "--cycles", "200", "--hammer", "1"], outputPath: output))
        let pid = run.pid
        let start = MonotonicClock.now
        while !BuiltBinary.contents(of: output).contains("cycle 1/"), MonotonicClock.now - start < 60 {
            usleep(20_000)
        }
        kill(pid, SIGINT)
        usleep(50_000)
        kill(pid, SIGTERM)
        let status = await BuiltBinary.wait(run)
        #expect(status == 130, "\(BuiltBinary.contents(of: output + ".stderr"))")
        #expect(!BuiltBinary.contents(of: output).contains("verdict:"))
        #expect(vimcBound)
        // The bind is done; udev makes the node soon after (the next test needs it).
        let bound = MonotonicClock.now
        while TestMachine.mediaNode(driver: "vimc") == nil, MonotonicClock.now - bound < 10 { usleep(20_000) }
        #expect(TestMachine.mediaNode(driver: "vimc") != nil)
    }

    @Test func aDeviceThatDoesNotExistIsAUsageError() async {
        let missing = await BuiltBinary.run(["stress", "unbind", "-d", "no-such-driver"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no media device matches 'no-such-driver'"))
        #expect(vimcBound)
    }
}
