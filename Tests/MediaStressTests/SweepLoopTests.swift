import KernelLog
import MediaController
import Testing

@testable import MediaStress

/// The sweep's loop without a kernel: which cells run in a boot, where a boot ends, the
/// state it resumes from; and the rule of which findings are the same.
@Suite struct SweepLoopTests {
    static let vimc = StressTarget(
        mediaNode: "/dev/media0", deviceName: "vimc.0", deviceSysPath: "/sys/devices/platform/vimc.0", driver: "vimc",
        driverSysPath: "/sys/bus/platform/drivers/vimc",
        nodes: [HeldNode(kind: .media, path: "/dev/media0", entity: "VIMC MDEV"), HeldNode(kind: .video, path: "/dev/video0", entity: "Raw Capture 0")])
    static let names = ["MEDIA_IOC_DEVICE_INFO:in", "VIDIOC_SUBDEV_G_FMT:in", "MEDIA_IOC_G_TOPOLOGY:in", "VIDIOC_G_FMT:in"]

    static func clean() -> StressReport {
        StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .clean)
    }

    static func finding() -> StressReport {
        var report = StressReportTests.report([StressReportTests.cycle(1, clean: true)], verdict: .finding)
        report.uniqueFindings = [UniqueFinding(finding: SweepTests.gpf, count: 1, cycles: [1])]
        return report
    }

    /// The loop runs the cells in order, skips (not-applicable, unrun) what the target has
    /// no node for, and ends the boot after the finding; the next boot goes on after it.
    @Test func aBootEndsAfterTheCellThatTaintsTheKernelAndTheNextGoesOn() throws {
        var ran: [String] = []
        var ended: [String] = []
        var time = 0.0
        var loop = SweepLoop { cell, target in
            ran.append(cell.name)
            return (cell.name == "MEDIA_IOC_G_TOPOLOGY:in" ? Self.finding() : Self.clean(), target)
        }
        loop.now = { time += 2; return time }
        var report = try SweepLoop.start(
            from: nil, device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117",
            cells: Self.names.compactMap(SweepCell.named))
        loop.run(&report, on: Self.vimc) { row, state in ended.append("\(row.cell) \(state.rows.count)") }
        #expect(ran == ["MEDIA_IOC_DEVICE_INFO:in", "MEDIA_IOC_G_TOPOLOGY:in"])
        #expect(ended == ["MEDIA_IOC_DEVICE_INFO:in 1", "VIDIOC_SUBDEV_G_FMT:in 2", "MEDIA_IOC_G_TOPOLOGY:in 3"])
        #expect(report.rows.map(\.result) == [.clean, .notApplicable, .finding])
        #expect(report.rows[1].detail == "vimc.0 has no subdev node")
        #expect(report.boots == 1 && report.seconds == 2 && report.exitCode == 5 && report.remaining == ["VIDIOC_G_FMT:in"])

        report = try SweepLoop.start(
            from: report, device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117", cells: [])
        loop.run(&report, on: Self.vimc) { _, _ in }
        #expect(ran.last == "VIDIOC_G_FMT:in" && report.boots == 2 && report.isComplete && report.exitCode == 1)
    }

    @Test func aStopRequestEndsTheLoopBeforeTheNextCell() throws {
        var runs = 0
        var loop = SweepLoop { _, target in runs += 1; return (Self.clean(), target) }
        loop.stopRequested = { runs == 1 }
        var report = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117", cells: Self.names)
        loop.run(&report, on: Self.vimc) { _, _ in }
        #expect(runs == 1 && report.rows.count == 1 && report.exitCode == 0 && !report.isComplete)
    }

    /// What `rowEnded` throws (the state could not be written) ends the loop, and the time spent counts.
    @Test func aStateThatCannotBeWrittenEndsTheLoop() throws {
        struct CannotWrite: Error {}
        let loop = SweepLoop { _, target in (Self.clean(), target) }
        var report = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117", cells: Self.names)
        #expect(throws: CannotWrite.self) { try loop.run(&report, on: Self.vimc) { _, _ in throw CannotWrite() } }
        #expect(report.rows.count == 1 && report.boots == 1)
    }

    @Test func aStateOfAnotherDeviceOrKernelIsRefused() throws {
        let saved = SweepReport(device: "platform:vimc", driver: "vimc", kernelRelease: "6.12.117", cells: Self.names)
        #expect(throws: SweepResumeError(saved: "platform:vimc on 6.12.117", current: "platform:vivid-000 on 6.12.117")) {
            try SweepLoop.start(from: saved, device: "platform:vivid-000", driver: "vivid", kernelRelease: "6.12.117", cells: [])
        }
        #expect(throws: SweepResumeError.self) {
            try SweepLoop.start(from: saved, device: "platform:vimc", driver: "vimc", kernelRelease: "6.1.0-56-amd64", cells: [])
        }
    }

    /// Another KASAN kind at the same frames is the same finding only where a reproduction
    /// recorded it (vivid's reused device at mutex_lock, at media_request_release); on any
    /// other driver or function, and for any other kind, it is another finding.
    @Test func anotherKindIsTheSameFindingOnlyWhereRecorded() {
        let uaf = "use-after-free: mutex_lock <- media_device_ioctl"
        #expect(SweepFindingRule.same("out-of-bounds: mutex_lock <- media_device_ioctl", uaf, driver: "vivid"))
        #expect(SweepFindingRule.same("slab-out-of-bounds: mutex_lock <- media_device_ioctl", uaf, driver: "vivid"))
        #expect(!SweepFindingRule.same("out-of-bounds: mutex_lock <- media_device_ioctl", uaf, driver: "vimc"))
        #expect(!SweepFindingRule.same("out-of-bounds: mutex_lock <- media_device_ioctl", "use-after-free: mutex_lock <- other", driver: "vivid"))
        #expect(!SweepFindingRule.same("null-pointer-dereference: mutex_lock <- media_device_ioctl", uaf, driver: "vivid"))
        #expect(!SweepFindingRule.same("out-of-bounds: find_entity <- x", "use-after-free: find_entity <- x", driver: "vivid"))
        #expect(SweepFindingRule.same("double-free: kfree <- x", "double-free: kfree <- x", driver: "vimc"))
        #expect(SweepFindingRule.headline("out-of-bounds in media_request_release [mc]", matches: "use-after-free in media_request_release", driver: "vivid"))
        #expect(!SweepFindingRule.headline("out-of-bounds in media_request_release [mc]", matches: "use-after-free in media_request_release", driver: "vim2m"))
        #expect(SweepFindingRule.headline("use-after-free in mutex_lock", matches: "use-after-free in mutex_lock", driver: "vimc"))
        #expect(!SweepFindingRule.headline("use-after-free in mutex_lock_nested", matches: "use-after-free in mutex_lock", driver: "vimc"))
    }

    /// `any kind in FUNCTION` names the function and takes any kind there, nowhere else.
    @Test func anyKindNamesTheFunction() {
        let any = "any kind in media_request_release"
        #expect(SweepFindingRule.headline("null-pointer-dereference in media_request_release", matches: any, driver: "vim2m"))
        #expect(SweepFindingRule.headline("general-protection-fault in media_request_release [mc]", matches: any, driver: "visl"))
        #expect(!SweepFindingRule.headline("use-after-free in media_request_close", matches: any, driver: "vivid"))
        #expect(!SweepFindingRule.headline("use-after-free in yield_task_fair", matches: any, driver: "vivid"))
    }
}
