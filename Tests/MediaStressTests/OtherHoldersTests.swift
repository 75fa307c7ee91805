import FoundationEssentials
import MediaController
import Testing

@testable import MediaStress

/// `stress unbind` and the sweep refuse a device other processes hold open (fuser's view)
/// unless --force, and a forced run's report names them in text, JSON and KTAP.
@Suite struct OtherHoldersTests {
    static let streamer = NodeHolder(
        pid: 812, name: "v4l2-ctl", commandLine: "v4l2-ctl --stream-mmap -d /dev/video2",
        nodes: [.init(path: "/dev/video2", descriptors: 1)])
    static let viewer = NodeHolder(
        pid: 900, name: "qv4l2", commandLine: nil, nodes: [.init(path: "/dev/video2", descriptors: 1), .init(path: "/dev/media0", descriptors: 2)])

    @Test func oneHolderIsRefusedInOneLineUnlessForced() throws {
        let scan = NodeHolderScan(holders: [Self.streamer])
        let refusal = MediaError(
            code: .deviceBusy, path: "/dev/media0", operation: "stress unbind",
            detail: "pid 812 (v4l2-ctl --stream-mmap -d /dev/video2) on /dev/video2: another program has the device open "
                + "(without libcamera's lock): unbinding would pull it from under it; pass --force to unbind anyway")
        #expect(throws: refusal) { try OtherHolders.check(scan, mediaNode: "/dev/media0", force: false) }
        #expect(!refusal.description.contains("\n"))
        try OtherHolders.check(scan, mediaNode: "/dev/media0", force: true)
        try OtherHolders.check(NodeHolderScan(unreadable: 3), mediaNode: "/dev/media0", force: false)
    }

    @Test func severalHoldersAreAllNamed() {
        let scan = NodeHolderScan(holders: [Self.streamer, Self.viewer])
        #expect(throws: MediaError(
            code: .deviceBusy, path: "/dev/media0", operation: "stress unbind",
            detail: "pid 812 (v4l2-ctl --stream-mmap -d /dev/video2) on /dev/video2; pid 900 (qv4l2) on /dev/video2, "
                + "/dev/media0 (2 fds): 2 other programs have the device open (without libcamera's lock): unbinding would "
                + "pull it from under them; pass --force to unbind anyway")
        ) { try OtherHolders.check(scan, mediaNode: "/dev/media0", force: false) }
    }

    static func report(holders: [NodeHolder]?, unreadable: Int?) -> StressReport {
        var environment = StressEnvironment(
            kernelRelease: "6.12.117+deb12-amd64", kernelCommandLine: "", panicOnOops: false, enumerator: "udev",
            waiting: "udev")
        environment.nodeHolders = holders
        environment.unreadableProcesses = unreadable
        var report = StressReport(configuration: StressConfiguration(cycles: 1), environment: environment)
        report.target = StressTarget(
            mediaNode: "/dev/media0", deviceName: "vimc.0", deviceSysPath: "/sys/devices/platform/vimc.0", driver: "vimc",
            driverSysPath: "/sys/bus/platform/drivers/vimc", nodes: [])
        return report
    }

    @Test func aForcedRunsReportNamesThemInTextKTAPAndJSON() throws {
        let report = Self.report(holders: [Self.streamer], unreadable: 0)
        let line = "other holders: pid 812 (v4l2-ctl --stream-mmap -d /dev/video2) on /dev/video2; unbound anyway (--force)"
        let renderer = StressReportRenderer()
        #expect(renderer.text(report).split(separator: "\n").contains { $0 == line })
        #expect(renderer.ktap(report).split(separator: "\n").contains { $0 == "# " + line })
        let json = try JSONRenderer().renderValue(report)
        let decoded = try JSONDecoder().decode(StressReport.self, from: Data(json.utf8))
        #expect(decoded.environment.nodeHolders == [Self.streamer])
        #expect(json.contains(#""nodeHolders""#) && json.contains(#""unreadableProcesses""#))
    }

    @Test func nobodySaysNothingAndUnreadableProcessesAreSaid() {
        #expect(Self.report(holders: [], unreadable: 0).environment.otherHoldersLine == nil)
        #expect(Self.report(holders: nil, unreadable: nil).environment.otherHoldersLine == nil)
        #expect(Self.report(holders: [], unreadable: 2).environment.otherHoldersLine
            == "other holders: none seen; 2 processes could not be read (not root?)")
    }
}
