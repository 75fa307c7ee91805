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
    static func run(_ pin: String, device: String = "vimc") async throws -> (status: Int32, report: StressReport, stderr: String) {
        let result = await BuiltBinary.run(["stress", "unbind", "-d", device, "--pin", pin, "--format", "json"])
        let report = try JSONDecoder().decode(StressReport.self, from: Data(result.stdout.utf8))
        let cycle = report.cycles.first
        print("points: \(device) \(pin): exit \(result.status), verdict \(report.verdict), pin \(String(describing: cycle?.pin?.outcome)), "
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
    func videoAndSubdevPointsParkAndStayClean(pin: String, errno: String?) async throws {
        let run = try await Self.run(pin)
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
    func graphMutexPointsMakeTheUnbindWait(pin: String) async throws {
        let run = try await Self.run(pin)
        let cycle = try #require(run.report.cycles.first)
        #expect(run.status == 0, "\(pin): \(run.stderr)")
        #expect(cycle.error == nil, "\(pin): \(cycle.error ?? "")")
        #expect(cycle.unbindWaitedForParkedIoctl == true, "\(pin)")
        #expect(cycle.pin?.outcome == .returned(errno: nil), "\(pin)")
        #expect(run.report.verdict == .clean, "\(pin)")
        #expect(vimcBound, "\(pin)")
    }

    /// vivid's other node kinds (default node_types 0xe1d3d: vbi, radio and SDR receivers,
    /// vbi and radio transmitters, touch), each held alone and parked across the unbind:
    /// at the copy-in the handler runs after the unbind and finds the node unregistered
    /// (ENODEV, as on video nodes); at the copy-out the handler ran before it (OK). The
    /// nodes the run classified from their interface types are the ones the kernel named
    /// for that kind. (Not VIDIOC_G_FMT:out@vbi: vivid's vbi formats need an S-Video or TV
    /// input, and its default input is the webcam, so G_FMT fails with EINVAL before any
    /// copy-out: that cell is not applicable there.)
    @Test(arguments: [
        ("VIDIOC_G_FMT:in@vbi", "ENODEV"), ("VIDIOC_QUERYCAP:out@vbi", nil), ("VIDIOC_QUERYCAP:out@radio", nil),
        ("VIDIOC_G_TUNER:in@radio", "ENODEV"), ("VIDIOC_QUERYCAP:out@swradio", nil), ("VIDIOC_G_FMT:out@swradio", nil),
        ("VIDIOC_QUERYCAP:out@touch", nil), ("VIDIOC_G_FMT:in@touch", "ENODEV"),
    ] as [(String, String?)])
    func vividsOtherNodeKindsParkAndStayClean(pin: String, errno: String?) async throws {
        let kind = try #require(pin.split(separator: "@").last.map(String.init))
        let run = try await Self.run(pin, device: "vivid")
        let cycle = try #require(run.report.cycles.first)
        #expect(run.status == 0, "\(pin): \(run.stderr)")
        #expect(cycle.error == nil, "\(pin): \(cycle.error ?? "")")
        #expect(cycle.pin?.outcome == .returned(errno: errno), "\(pin)")
        #expect(run.report.verdict == .clean, "\(pin)")
        // Held: only the pinned kind, every node of it, each named by the kernel for it.
        let prefix = ["vbi": "/dev/vbi", "radio": "/dev/radio", "swradio": "/dev/swradio", "touch": "/dev/v4l-touch"][kind]
        let held = cycle.held.map(\.path)
        #expect(!held.isEmpty && held.allSatisfy { $0.hasPrefix(prefix ?? "?") }, "\(pin): held \(held)")
        #expect(cycle.held.filter { $0.kind.rawValue != kind }.isEmpty, "\(pin)")
        let ofKind = run.report.target?.nodes.filter { $0.kind.rawValue == kind }.map(\.path) ?? []
        #expect(Set(ofKind) == Set(held), "\(pin): target has \(ofKind)")
        let deviations = cycle.contract.filter { !$0.passed }
        #expect(deviations.isEmpty, "\(pin): \(deviations)")
        #expect(access("/sys/bus/platform/drivers/vivid/vivid.0", F_OK) == 0, "\(pin)")
    }
}
