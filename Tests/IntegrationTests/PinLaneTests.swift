import FoundationEssentials
import Glibc
import KernelLog
import MediaController
import MediaControllerTestSupport
import MediaStress
import Testing

/// The use-after-free of the media device lifetime bug, made deterministic with
/// userfaultfd. It oopses the stock kernel, so it runs in a boot of its own.
@Suite(.enabled(if: VMLane.isPin && TestMachine.isRoot, "needs the VM lane's pin phase, as root"))
struct PinLaneTests {
    @Test func parkingDeviceInfoAcrossUnbindFindsTheUseAfterFree() async throws {
        let start = MonotonicClock.now
        let result = await BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--pin", "device-info", "--format", "json"])
        let seconds = MonotonicClock.now - start
        print("pin: verdict after \(seconds) s")
        #expect(result.status == 1, "\(result.stderr)")
        let report = try JSONDecoder().decode(StressReport.self, from: Data(result.stdout.utf8))
        #expect(report.verdict == .finding)
        #expect(report.cycles.count == 1)
        let finding = try #require(report.uniqueFindings.first?.finding)
        #expect(finding.function == "__mutex_lock")
        #expect(finding.frames.contains { $0.function == "media_device_ioctl" && $0.module == "mc" })
        let pin = try #require(report.cycles.first?.pin)
        if case .returned = pin.outcome {
            Issue.record("the parked ioctl returned; the oops should have killed its thread")
        }
        #expect(access("/sys/bus/platform/drivers/vimc/vimc.0", F_OK) == 0, "vimc must be bound again")
    }
}
