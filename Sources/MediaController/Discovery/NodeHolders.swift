import Glibc
import SystemPackage

/// A device node of a media device: its number, and the path it is known by (the media
/// node's, or udev's devnode of an interface; `M:m` when none is known).
package struct DeviceNode: Sendable {
    package var path: String
    package var number: DeviceNumber
    /// The interface type (`MEDIA_INTF_T_*`); nil for the media node itself.
    package var interfaceType: UInt32?

    package init(path: String, number: DeviceNumber, interfaceType: UInt32? = nil) {
        self.path = path
        self.number = number
        self.interfaceType = interfaceType
    }

    /// A video node (`MEDIA_INTF_T_V4L_VIDEO`: video and metadata queues).
    package var isVideo: Bool { interfaceType == InterfaceType.v4lVideo.rawValue }
}

/// Another process that holds device nodes open, as `fuser` finds it.
package struct NodeHolder: Sendable, Codable, Equatable, CustomStringConvertible {
    package var pid: Int32
    /// `/proc/PID/comm`.
    package var name: String
    /// `/proc/PID/cmdline` with spaces between the arguments; nil when empty (a kernel
    /// thread) or unreadable.
    package var commandLine: String?
    /// The nodes it holds, in the order of the nodes asked for, and how many of its
    /// descriptors refer to each.
    package var nodes: [HeldCount]

    package struct HeldCount: Sendable, Codable, Equatable {
        package var path: String
        package var descriptors: Int

        package init(path: String, descriptors: Int) {
            self.path = path
            self.descriptors = descriptors
        }
    }

    package init(pid: Int32, name: String, commandLine: String?, nodes: [HeldCount]) {
        self.pid = pid
        self.name = name
        self.commandLine = commandLine
        self.nodes = nodes
    }

    /// `pid 812 (v4l2-ctl --stream-mmap -d /dev/video0)`: the command line, or the name.
    package var description: String { "pid \(pid) (\(commandLine ?? name))" }

    /// `/dev/video0` or `/dev/video0 (2 fds), /dev/media0`.
    package var nodeList: String {
        nodes.map { $0.descriptors == 1 ? $0.path : "\($0.path) (\($0.descriptors) fds)" }.joined(separator: ", ")
    }
}

/// What a walk of /proc found: the holders, and how many processes could not be looked at
/// (permission: not root; a /proc entry that answered an error other than "gone").
package struct NodeHolderScan: Sendable, Equatable {
    package var holders: [NodeHolder]
    package var unreadable: Int

    package init(holders: [NodeHolder] = [], unreadable: Int = 0) {
        self.holders = holders
        self.unreadable = unreadable
    }

    /// `pid 812 (v4l2-ctl ...) on /dev/video0; pid 900 (...) on /dev/media0`.
    package var summary: String {
        holders.map { "\($0) on \($0.nodeList)" }.joined(separator: "; ")
    }

    /// `; 3 processes could not be read (not root?)`, or nothing.
    package var unreadableNote: String {
        unreadable == 0 ? "" : "; \(unreadable) process\(unreadable == 1 ? "" : "es") could not be read (not root?)"
    }
}

/// Finds the processes that hold device nodes open, as `fuser` does: every
/// `ROOT/PID/fd/N` is stat'ed (stat follows the link to the file the descriptor refers
/// to), and a character device whose number is one of the nodes' counts, whatever path
/// opened it. Processes that exit during the walk are skipped without a word.
package struct ProcessScan: Sendable {
    /// The /proc to walk; tests point it at a tree of their own.
    package var root: String
    /// This process, never a holder of its own nodes.
    package var ownPid: Int32

    package init(root: String = "/proc", ownPid: Int32 = getpid()) {
        self.root = root
        self.ownPid = ownPid
    }

    /// The processes holding any of `nodes`; throws only when `root` itself cannot be read.
    package func holders(of nodes: [DeviceNode]) throws(MediaError) -> NodeHolderScan {
        let wanted = Dictionary(nodes.map { ($0.number, $0.path) }, uniquingKeysWith: { first, _ in first })
        guard !wanted.isEmpty else { return NodeHolderScan() }
        let pids: [Int32]
        switch directoryListing(root) {
        case .success(let names): pids = names.compactMap { Int32($0) }.filter { $0 > 0 && $0 != ownPid }.sorted()
        case .failure(let errno):
            throw MediaError(code: .openFailed, errno: errno, path: root, operation: "open", detail: "cannot list the processes")
        }
        var scan = NodeHolderScan()
        for pid in pids {
            switch held(by: pid, wanted) {
            case .success(let counts) where !counts.isEmpty:
                // A process that is gone by now has no comm: skipped.
                guard let comm = TextFile.readSmall("\(root)/\(pid)/comm") else { continue }
                let paths = nodes.map(\.path).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                let held = paths.compactMap { path in counts[path].map { NodeHolder.HeldCount(path: path, descriptors: $0) } }
                scan.holders.append(
                    NodeHolder(
                        pid: pid, name: String(comm.prefix { $0 != "\n" }),
                        commandLine: MediaNodeLock.commandLine(of: pid, procRoot: root), nodes: held))
            case .success: continue
            case .failure: scan.unreadable += 1
            }
        }
        return scan
    }

    /// The holders seen in two walks `seconds` apart, with the second walk's counts: a
    /// helper of udev (`v4l_id`) opens a new node for a moment after every bind, and is
    /// not a program using the device. One walk when the first finds nobody.
    package func steadyHolders(of nodes: [DeviceNode], seconds: Double = 0.1) throws(MediaError) -> NodeHolderScan {
        let first = try holders(of: nodes)
        guard !first.holders.isEmpty else { return first }
        usleep(UInt32(seconds * 1_000_000))
        var second = try holders(of: nodes)
        let earlier = Set(first.holders.map(\.pid))
        second.holders.removeAll { !earlier.contains($0.pid) }
        return second
    }

    /// How many of the process's descriptors refer to each wanted node, by path. A
    /// process or descriptor that is gone (ENOENT, ESRCH) counts nothing; any other
    /// failure (EACCES when not root) makes the process unreadable.
    func held(by pid: Int32, _ wanted: [DeviceNumber: String]) -> Result<[String: Int], Errno> {
        let directory = "\(root)/\(pid)/fd"
        let descriptors: [String]
        switch directoryListing(directory) {
        case .success(let names): descriptors = names
        case .failure(let errno): return Self.gone(errno) ? .success([:]) : .failure(errno)
        }
        var counts: [String: Int] = [:]
        var failure: Errno?
        for descriptor in descriptors {
            var status = stat()
            guard stat("\(directory)/\(descriptor)", &status) == 0 else {
                let errno = Errno(rawValue: Glibc.errno)
                if !Self.gone(errno) { failure = errno }
                continue
            }
            guard status.st_mode & S_IFMT == S_IFCHR, let path = wanted[DeviceNumber(rdev: UInt64(status.st_rdev))] else {
                continue
            }
            counts[path, default: 0] += 1
        }
        if let failure, counts.isEmpty { return .failure(failure) }
        return .success(counts)
    }

    static func gone(_ errno: Errno) -> Bool {
        errno == .noSuchFileOrDirectory || errno == .noSuchProcess
    }
}
