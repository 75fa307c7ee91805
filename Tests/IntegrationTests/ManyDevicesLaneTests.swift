import FoundationEssentials
import Glibc
import MediaController
import MediaControllerTestSupport
import MediaStress
import Testing

/// 65 media devices at once (vimc and `vivid n_devs=64`): listing, selecting, rendering,
/// watching and stressing must stay correct. They unbind vimc, so they run in turn.
@Suite(.enabled(if: VMLane.phase == "many", "needs the VM lane's many phase (vivid n_devs=64)"), .serialized)
struct ManyDevicesLaneTests {
    static let vividCount = 64
    static let vividBusInfos = (0..<vividCount).map { "platform:vivid-" + String("00\($0)".suffix(3)) }

    var vimcBound: Bool { access("/sys/bus/platform/drivers/vimc/vimc.0", F_OK) == 0 }

    /// Runs `mediactl ARGS` and prints how long it took (the lane log keeps it).
    func timed(_ arguments: [String]) async -> BuiltBinary.Result {
        let start = MonotonicClock.now
        let result = await BuiltBinary.run(arguments)
        let milliseconds = Int((MonotonicClock.now - start) * 1000)
        print("many: mediactl \(arguments.joined(separator: " ")): \(milliseconds) ms")
        return result
    }

    @Test func listShowsEveryDeviceWithItsBusInfo() async throws {
        let result = await timed(["list", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summaries = try JSONDecoder().decode([MediaDeviceSummary].self, from: Data(result.stdout.utf8))
        #expect(summaries.count == Self.vividCount + 1)
        #expect(summaries.allSatisfy { $0.error == nil })
        #expect(summaries.map(\.node.minor) == summaries.map(\.node.minor).sorted())
        let busInfos = summaries.compactMap { $0.info?.busInfo }
        #expect(busInfos.filter { $0 == "platform:vimc" }.count == 1)
        #expect(Set(busInfos.filter { $0.hasPrefix("platform:vivid-") }) == Set(Self.vividBusInfos))
        for summary in summaries {
            // vivid has one platform device (vivid.0) for all its instances.
            if summary.info?.driver == "vivid" {
                #expect(summary.node.parentName == "vivid.0")
                #expect(summary.node.parentDriver == "vivid")
            }
            #expect(!summary.interfaceNodes.isEmpty, "\(summary.node.devnode) has no device nodes")
            #expect(summary.interfaceNodes.allSatisfy { $0.hasPrefix("/dev/") }, "\(summary.interfaceNodes)")
        }
        let text = await timed(["list"])
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").filter { $0.hasPrefix("/dev/media") }.count == Self.vividCount + 1)
        #expect(text.stdout.split(separator: "\n").filter { $0.hasSuffix("vivid.0 (driver vivid)") }.count == Self.vividCount)
    }

    /// With udevd running, sysfs (asked first) and libudev name every interface node alike.
    @Test func sysfsAndUdevNameEveryInterfaceNodeAlike() throws {
        let udev = try #require(UdevDevnodeResolver())
        let sysfs = SysfsDevnodeResolver()
        var checked = 0
        for node in try UdevEnumerator().mediaNodes() {
            let device = try MediaDevice(path: node.devnode)
            for interface in Topology(try device.rawTopology(), mediaVersion: 0).interfaces {
                let expected = udev.devnode(major: interface.major, minor: interface.minor)
                #expect(expected != nil)
                #expect(sysfs.devnode(major: interface.major, minor: interface.minor) == expected)
                checked += 1
            }
        }
        #expect(checked >= 11 + 3 * Self.vividCount)
    }

    @Test func busInfoSelectsTheLastVividDevice() async throws {
        let result = await timed(["info", "-d", "platform:vivid-063"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("bus info        platform:vivid-063\n"))
        #expect(result.stdout.contains("driver          vivid\n"))
        // The bound device is shared by every instance: ambiguous.
        let byDevice = await BuiltBinary.run(["info", "-d", "vivid.0"])
        #expect(byDevice.status == 2)
        #expect(byDevice.stderr.contains("'vivid.0' matches \(Self.vividCount) media devices"))
    }

    @Test func driverNameIsAmbiguousAndListsEveryCandidate() async throws {
        let result = await timed(["info", "-d", "vivid"])
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.contains("'vivid' matches \(Self.vividCount) media devices: "))
        let candidates = result.stderr.split(separator: ":").last.map {
            $0.split(separator: ",").map { $0.filter { !$0.isWhitespace } }
        } ?? []
        #expect(candidates.count == Self.vividCount)
        #expect(candidates.allSatisfy { $0.hasPrefix("/dev/media") })
        #expect(!candidates.contains(try VMLane.node(driver: "vimc")))
    }

    @Test(arguments: ["platform:vimc", "platform:vivid-000", "platform:vivid-031", "platform:vivid-063"])
    func mediaCtlFormatIsMediaCtl(busInfo: String) async throws {
        let ours = await timed(["topology", "-d", busInfo, "--format", "media-ctl"])
        #expect(ours.status == 0, "\(ours.stderr)")
        try await MediaCtlVersionsLaneTests.everyReleasePrintsTopology(busInfo: busInfo, ours: ours.stdout)
    }

    @Test(.enabled(if: TestMachine.isRoot, "unbinds vimc")) func watchSeesVimcGoAndComeBack() async throws {
        let output = "/tmp/mediactl-watch-\(getpid()).jsonl"
        let vimcNode = try VMLane.node(driver: "vimc")
        let binding = SysfsBinding(deviceName: "vimc.0", driverSysPath: "/sys/bus/platform/drivers/vimc")
        defer { try? binding.ensureBound() }
        let watch = try #require(await BuiltBinary.start(["watch", "--format", "json"], outputPath: output))
        let pid = watch.pid
        defer { kill(pid, SIGKILL) }
        try #require(waitFor(60) { BuiltBinary.contents(of: output + ".stderr").contains("watching media,video4linux") })
        func events() -> [DeviceEvent] {
            BuiltBinary.contents(of: output).split(separator: "\n").compactMap {
                try? JSONDecoder().decode(DeviceEvent.self, from: Data($0.utf8))
            }
        }
        try binding.unbind()
        #expect(waitFor(60) { events().contains { $0.action == "remove" && $0.devnode == vimcNode } })
        try binding.bind()
        // Back when the media node and as many vimc video4linux nodes as went away are added.
        func vimcNodes(_ action: String) -> Int {
            events().filter { $0.action == action && $0.subsystem == "video4linux" && $0.driver == "vimc" }.count
        }
        #expect(waitFor(60) {
            events().contains { $0.action == "add" && $0.devnode == vimcNode }
                && vimcNodes("add") > 0 && vimcNodes("add") == vimcNodes("remove")
        })
        kill(pid, SIGINT)
        #expect(await BuiltBinary.wait(watch) == 0, "\(BuiltBinary.contents(of: output + ".stderr"))")
        let seen = events()
        let removed = try #require(seen.first { $0.action == "remove" && $0.devnode == vimcNode })
        let added = try #require(seen.last { $0.action == "add" && $0.devnode == vimcNode })
        #expect(removed.subsystem == "media")
        #expect(removed.driver == "vimc")
        #expect(added.driver == "vimc")
        #expect(added.busInfo == "platform:vimc")
        #expect(added.sequence > removed.sequence)
        // vimc's 3 video and 8 subdev nodes went and came back too, and nothing of vivid moved.
        #expect(vimcNodes("remove") == 11)
        #expect(vimcNodes("add") == 11)
        #expect(!seen.contains { $0.driver == "vivid" })
        #expect(vimcBound)
    }

    @Test(.enabled(if: TestMachine.isRoot, "unbinds vimc")) func stressOnVimcIsCleanNextToSixtyFourVividDevices() async throws {
        let result = await timed(["stress", "unbind", "-d", "vimc", "--cycles", "3", "--hammer", "2", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(StressReport.self, from: Data(result.stdout.utf8))
        #expect(report.verdict == .clean)
        #expect(report.cycles.count == 3)
        #expect(report.cycles.allSatisfy { $0.topologyUnchanged == true })
        #expect(vimcBound)
        // vivid was not touched: still 64 devices, all readable.
        let list = await BuiltBinary.run(["list", "--format", "json"])
        let summaries = try JSONDecoder().decode([MediaDeviceSummary].self, from: Data(list.stdout.utf8))
        #expect(summaries.count == Self.vividCount + 1)
        #expect(summaries.allSatisfy { $0.error == nil })
    }

    /// Polls `condition` every 50 ms for up to `seconds`.
    func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let start = MonotonicClock.now
        while MonotonicClock.now - start < seconds {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }
}
