import Glibc
@testable import MediaController
import MediaControllerTestSupport
import SystemPackage
import Testing

/// A fake /proc: PID/comm, PID/cmdline and PID/fd/N symlinks to real files (character
/// devices such as /dev/null), removed when the value goes.
final class FakeProc {
    let root = "/tmp/mediactl-fakeproc-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    init() { mkdir(root, 0o755) }
    deinit { FileTree.remove(root) }

    /// A process directory with its comm and cmdline (nil: no such file) and its fds.
    func process(_ pid: Int32, comm: String?, cmdline: [String]? = nil, fds: [Int: String] = [:], fdDirectory: Bool = true) throws {
        let directory = "\(root)/\(pid)"
        mkdir(directory, 0o755)
        if let comm { try TextFile.write(comm + "\n", to: "\(directory)/comm") }
        if let cmdline { try TextFile.write(cmdline.map { $0 + "\0" }.joined(), to: "\(directory)/cmdline") }
        guard fdDirectory else { return }
        mkdir("\(directory)/fd", 0o755)
        for (fd, target) in fds { symlink(target, "\(directory)/fd/\(fd)") }
    }
}

/// The numbers of the memory devices every Linux has (Documentation/admin-guide/devices.txt:
/// major 1, minor 3 /dev/null, 5 /dev/zero, 7 /dev/full), checked against the file first.
func deviceNumber(of path: String) throws -> DeviceNumber {
    let minors = ["/dev/null": 3 as UInt32, "/dev/zero": 5, "/dev/full": 7]
    let minor = try #require(minors[path])
    var status = stat()
    try #require(stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    return DeviceNumber(major: 1, minor: minor)
}

@Suite struct NodeHoldersTests {
    /// /dev/null plays a video node and /dev/zero the media node: a holder is found by the
    /// device number its descriptor refers to, not by the path that names the node.
    func nodes() throws -> [DeviceNode] {
        [
            DeviceNode(path: "/dev/video2", number: try deviceNumber(of: "/dev/null"), interfaceType: 0x200),
            DeviceNode(path: "/dev/media0", number: try deviceNumber(of: "/dev/zero")),
        ]
    }

    @Test func holdersAreFoundByDeviceNumberAndTheRestSkipped() throws {
        let proc = FakeProc()
        try proc.process(100, comm: "v4l2-ctl", cmdline: ["v4l2-ctl", "--stream-mmap", "-d", "/dev/video2"],
                         fds: [0: "/dev/tty", 3: "/dev/null", 4: "/dev/null", 5: "/dev/zero", 6: "/tmp"])
        // This process: never its own holder.
        try proc.process(200, comm: "mediactl", cmdline: ["mediactl"], fds: [3: "/dev/null"])
        // Gone before its fds were listed: no fd directory.
        try proc.process(300, comm: nil, fdDirectory: false)
        // An fd that cannot be stat'ed (ELOOP here, EACCES when not root): unreadable.
        try proc.process(400, comm: "secret", fds: [:])
        symlink("\(proc.root)/400/fd/7", "\(proc.root)/400/fd/7")
        // An fd closed during the walk: its link dangles (ENOENT); skipped, not unreadable.
        try proc.process(500, comm: "closing", fds: [3: "/nonexistent-\(getpid())"])
        // A kernel thread's empty cmdline: the name stands for the command.
        try proc.process(600, comm: "kworker", cmdline: [], fds: [3: "/dev/zero"])
        // Gone after its fds were read: no comm any more.
        try proc.process(700, comm: nil, fds: [3: "/dev/null"])
        symlink("100", "\(proc.root)/self")

        let scan = try ProcessScan(root: proc.root, ownPid: 200).holders(of: try nodes())
        #expect(scan.holders == [
            NodeHolder(
                pid: 100, name: "v4l2-ctl", commandLine: "v4l2-ctl --stream-mmap -d /dev/video2",
                nodes: [.init(path: "/dev/video2", descriptors: 2), .init(path: "/dev/media0", descriptors: 1)]),
            NodeHolder(pid: 600, name: "kworker", commandLine: nil, nodes: [.init(path: "/dev/media0", descriptors: 1)]),
        ])
        #expect(scan.unreadable == 1)
        #expect(scan.summary == "pid 100 (v4l2-ctl --stream-mmap -d /dev/video2) on /dev/video2 (2 fds), /dev/media0; pid 600 (kworker) on /dev/media0")
        #expect(scan.unreadableNote == "; 1 process could not be read (not root?)")
    }

    @Test func aProcessWithANodeAndAnUnreadableFdIsAHolder() throws {
        let proc = FakeProc()
        try proc.process(100, comm: "cam", cmdline: ["cam"], fds: [3: "/dev/null"])
        symlink("\(proc.root)/100/fd/4", "\(proc.root)/100/fd/4")
        let scan = try ProcessScan(root: proc.root, ownPid: 1).holders(of: try nodes())
        #expect(scan.holders.map(\.pid) == [100])
        #expect(scan.unreadable == 0)
    }

    @Test func anUnreadableRootIsOneTypedError() {
        let root = "/nonexistent-proc-\(getpid())"
        #expect(throws: MediaError(
            code: .openFailed, errno: .noSuchFileOrDirectory, path: root, operation: "open", detail: "cannot list the processes")
        ) { _ = try ProcessScan(root: root).holders(of: try nodes()) }
    }

    @Test func noNodesNoWalk() throws {
        #expect(try ProcessScan(root: "/nonexistent-proc").holders(of: []) == NodeHolderScan())
    }

    /// The real /proc: this process holds /dev/null and is skipped as its own pid, and found
    /// when the scan takes it for another.
    @Test func theRealProcFindsThisProcessUnlessItIsOurs() throws {
        let held = try OwnedDescriptor(opening: "/dev/null", .readOnly)
        let node = [DeviceNode(path: "/dev/null", number: try deviceNumber(of: "/dev/null"))]
        let ours = try ProcessScan().holders(of: node)
        #expect(!ours.holders.contains { $0.pid == getpid() })
        let asOther = try ProcessScan(ownPid: 0).steadyHolders(of: node)
        let me = try #require(asOther.holders.first { $0.pid == getpid() })
        #expect(me.nodes.count == 1 && me.nodes[0].descriptors >= 1)
        #expect(held.fd.rawValue >= 0)
    }

    /// st_rdev values in glibc's encoding, worked by hand from gnu_dev_makedev: the low 8
    /// bits of the minor, 12 bits of the major, the rest of the minor, the rest of the major.
    @Test func deviceNumbersDecodeAsGlibcEncodesThem() throws {
        #expect(DeviceNumber(rdev: 0x103) == DeviceNumber(major: 1, minor: 3))
        #expect(DeviceNumber(rdev: 0xE280) == DeviceNumber(major: 226, minor: 128))
        #expect(DeviceNumber(rdev: 0xFFF1_FFFF) == DeviceNumber(major: 511, minor: 0xF_FFFF))
        #expect(DeviceNumber(rdev: 0x1000_0000_0000) == DeviceNumber(major: 4096, minor: 0))
        var status = stat()
        try #require(stat("/dev/null", &status) == 0)
        #expect(DeviceNumber(rdev: UInt64(status.st_rdev)) == DeviceNumber(major: 1, minor: 3))
    }
}
