import Glibc
@testable import MediaController
import MediaControllerTestSupport
import SystemPackage
import Testing

/// `link`, `format` and `apply` refuse a device another process streams on: it holds a
/// video node open and that node's queue is busy. A fake /proc holds /dev/null as the
/// video node and /dev/zero as a subdev node; the probe is a stand-in.
@Suite struct OtherStreamersTests {
    func nodes() throws -> [DeviceNode] {
        [
            DeviceNode(path: "/dev/media0", number: try deviceNumber(of: "/dev/full")),
            DeviceNode(path: "/dev/video2", number: try deviceNumber(of: "/dev/null"), interfaceType: 0x200),
            DeviceNode(path: "/dev/v4l-subdev0", number: try deviceNumber(of: "/dev/zero"), interfaceType: 0x203),
        ]
    }

    func proc() throws -> FakeProc {
        let proc = FakeProc()
        try proc.process(812, comm: "v4l2-ctl", cmdline: ["v4l2-ctl", "--stream-mmap"], fds: [3: "/dev/null", 4: "/dev/full"])
        try proc.process(900, comm: "yavta", cmdline: ["yavta"], fds: [3: "/dev/zero"])
        return proc
    }

    @Test func aHolderOfABusyVideoNodeIsAStreamerWithThatNodeOnly() throws {
        let proc = try proc()
        var asked: [String] = []
        let streamers = try OtherStreamers.find(among: try nodes(), processes: ProcessScan(root: proc.root, ownPid: 1)) {
            (path: String) throws(MediaError) -> VideoQueueProbe.State in
            asked.append(path)
            return .busy
        }
        // Only the video node is probed; the subdev and media node holders are no streamers.
        #expect(asked == ["/dev/video2"])
        #expect(streamers.holders == [
            NodeHolder(pid: 812, name: "v4l2-ctl", commandLine: "v4l2-ctl --stream-mmap", nodes: [.init(path: "/dev/video2", descriptors: 1)])
        ])
        let refusal = streamers.refusal("format", path: "/dev/media0")
        #expect(refusal.code == .deviceBusy)
        #expect(refusal.description == "format /dev/media0: pid 812 (v4l2-ctl --stream-mmap) on /dev/video2: another program streams "
            + "there (the video node's buffer queue is another file handle's); changing links or formats would pull the pipeline "
            + "from under it; pass --force to change it anyway")
        #expect(!refusal.description.contains("\n"))
        #expect(streamers.forcedNotice("link") == "link: pid 812 (v4l2-ctl --stream-mmap) on /dev/video2 streams on the device; changing it anyway (--force)")
    }

    @Test func aHolderOfAFreeQueueIsNoStreamer() throws {
        let proc = try proc()
        let streamers = try OtherStreamers.find(among: try nodes(), processes: ProcessScan(root: proc.root, ownPid: 1)) {
            (_: String) throws(MediaError) -> VideoQueueProbe.State in .free
        }
        #expect(streamers.isEmpty)
    }

    @Test func aNodeThatRefusesASecondOpenIsBusyAndOtherProbeFailuresAreErrors() throws {
        let proc = try proc()
        let scan = ProcessScan(root: proc.root, ownPid: 1)
        let exclusive = try OtherStreamers.find(among: try nodes(), processes: scan) {
            (path: String) throws(MediaError) -> VideoQueueProbe.State in
            throw MediaError(code: .openFailed, errno: .resourceBusy, path: path, operation: "open")
        }
        #expect(exclusive.holders.map(\.pid) == [812])
        let denied = MediaError(code: .openFailed, errno: .permissionDenied, path: "/dev/video2", operation: "open")
        #expect(throws: denied) {
            _ = try OtherStreamers.find(among: try nodes(), processes: scan) {
                (_: String) throws(MediaError) -> VideoQueueProbe.State in throw denied
            }
        }
    }

    /// The probe on a node with no queue: /dev/null answers QUERYCAP with ENOTTY, one typed error.
    @Test func theProbeOnANodeThatIsNoVideoNodeIsATypedError() {
        #expect(throws: MediaError.ioctl(.queryCapability, "/dev/null", .inappropriateIOCTLForDevice)) {
            _ = try VideoQueueProbe.state(of: "/dev/null")
        }
    }
}
