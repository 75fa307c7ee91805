import FoundationEssentials
import Glibc
import KernelLog
import MediaControllerTestSupport
import MediaStress
import Testing

/// `--pin NAME:POINT` beyond the four first names, on the stock kernel: every park point
/// kind parks (the ioctl is inside the kernel when the unbind starts), and a park point
/// inside graph_mutex makes the unbind wait instead of deadlocking the run. Its own boot:
/// media ioctls parked across the unbind may damage the stock kernel.
@Suite(.enabled(if: VMLane.isPhase("points") && TestMachine.isRoot, "needs the VM lane's points phase, as root"), .serialized)
struct PinPointLaneTests {
    static func run(_ pin: String) throws -> (status: Int32, report: StressReport, stderr: String) {
        let result = BuiltBinary.run(["stress", "unbind", "-d", "vimc", "--pin", pin, "--format", "json"])
        let report = try JSONDecoder().decode(StressReport.self, from: Data(result.stdout.utf8))
        let cycle = report.cycles.first
        print("points: \(pin): exit \(result.status), verdict \(report.verdict), pin \(String(describing: cycle?.pin?.outcome)), "
            + "park \(cycle?.timings.park ?? -1) s, unbind waited \(cycle?.unbindWaitedForParkedIoctl ?? false), "
            + "error \(cycle?.error ?? "none"), findings \(report.uniqueFindings.map(\.finding.summary))")
        return (result.status, report, result.stderr)
    }

    var vimcBound: Bool { access("/sys/bus/platform/drivers/vimc/vimc.0", F_OK) == 0 }

    /// Parked at the copy-in (`in`, or an array copied in with it), the ioctl's handler runs
    /// after the unbind and finds the node unregistered: ENODEV (__video_do_ioctl and the
    /// subdev ioctl path check video_is_registered). Parked at the copy-out, the handler ran
    /// before the unbind and only the copy is left: it succeeds.
    @Test(arguments: [
        ("VIDIOC_G_EXT_CTRLS:inner", "ENODEV"), ("VIDIOC_SUBDEV_G_SELECTION", "ENODEV"), ("VIDIOC_QUERYCAP:out", nil),
        ("VIDIOC_G_FMT:out", nil), ("VIDIOC_SUBDEV_G_FMT:out", nil), ("VIDIOC_SUBDEV_QUERYCAP:out", nil),
    ] as [(String, String?)])
    func videoAndSubdevPointsParkAndStayClean(pin: String, errno: String?) throws {
        let run = try Self.run(pin)
        let cycle = try #require(run.report.cycles.first)
        #expect(run.status == 0, "\(pin): \(run.stderr)")
        #expect(cycle.error == nil, "\(pin): \(cycle.error ?? "")")
        #expect(cycle.pin?.outcome == .returned(errno: errno), "\(pin)")
        #expect(cycle.unbindWaitedForParkedIoctl != true, "\(pin)")
        #expect(run.report.verdict == .clean, "\(pin)")
        #expect(vimcBound, "\(pin)")
    }

    /// media_device_get_topology and media_device_enum_links fill their arrays under
    /// graph_mutex, which media_device_unregister takes: the unbind waits until the run
    /// releases the ioctl, which then completes on a registered device.
    @Test(arguments: ["MEDIA_IOC_ENUM_LINKS:inner", "MEDIA_IOC_G_TOPOLOGY:inner"])
    func graphMutexPointsMakeTheUnbindWait(pin: String) throws {
        let run = try Self.run(pin)
        let cycle = try #require(run.report.cycles.first)
        #expect(run.status == 0, "\(pin): \(run.stderr)")
        #expect(cycle.error == nil, "\(pin): \(cycle.error ?? "")")
        #expect(cycle.unbindWaitedForParkedIoctl == true, "\(pin)")
        #expect(cycle.pin?.outcome == .returned(errno: nil), "\(pin)")
        #expect(run.report.verdict == .clean, "\(pin)")
        #expect(vimcBound, "\(pin)")
    }
}
