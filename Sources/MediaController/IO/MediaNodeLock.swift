import CLinuxMedia
import Glibc
import SystemPackage

/// Exclusive use of a media device, by libcamera's convention: a lock on the media node
/// (libcamera's `MediaDevice::lock()` takes `lockf(fd, F_TLOCK, 0)` for as long as a
/// camera is acquired). Held here as an open file description lock on the whole node:
/// it conflicts with other processes' lockf locks both ways, and, unlike a lockf lock, is
/// not dropped when this process closes some other descriptor of the same node.
public final class MediaNodeLock: Sendable {
    /// A process that holds a lock on a media node.
    public struct Holder: Sendable, Equatable, CustomStringConvertible {
        /// The pid, when the lock is a lockf/fcntl lock (open file description locks have none).
        public var pid: Int32?
        /// Its command line, when /proc tells.
        public var command: String?

        public var description: String {
            guard let pid else { return "another process (an open file description lock)" }
            return "pid \(pid)" + (command.map { " (\($0))" } ?? "")
        }
    }

    public let path: String
    private let descriptor: OwnedDescriptor

    /// Takes the lock without waiting (a write lock: the node is opened read-write, as
    /// libcamera does). Throws `deviceBusy`, naming the holder, when another process has
    /// the node locked.
    public init(path: String) throws(MediaError) {
        self.path = path
        descriptor = try OwnedDescriptor(opening: path, .readWrite, options: .nonBlocking)
        var request = Self.wholeFile(type: F_WRLCK)
        guard fcntl(descriptor.fd.rawValue, CLinuxMedia_F_OFD_SETLK, &request) == 0 else {
            let failure = Errno(rawValue: CLinuxMedia_errno())
            // A kernel without CONFIG_FILE_LOCKING (tinyconfig, the project's own kernels)
            // has no locks, so no holder: its F_OFD_SETLK fails with EACCES (and
            // F_OFD_GETLK with EINVAL), which is not another process's lock.
            if failure == .invalidArgument { return }
            var query = Self.wholeFile(type: F_WRLCK)
            if failure == .permissionDenied, fcntl(descriptor.fd.rawValue, CLinuxMedia_F_OFD_GETLK, &query) != 0,
                CLinuxMedia_errno() == EINVAL
            {
                return
            }
            let holder = try? Self.holder(of: path)
            if failure == .resourceTemporarilyUnavailable || failure == .permissionDenied {
                throw MediaError.busy(path, holder ?? Holder(pid: nil, command: nil))
            }
            throw MediaError(code: .ioctlFailed, errno: failure, path: path, operation: "fcntl(F_OFD_SETLK)")
        }
    }

    /// Who holds a lock on the node, or nil when nobody does.
    public static func holder(of path: String) throws(MediaError) -> Holder? {
        let descriptor = try OwnedDescriptor(opening: path, .readOnly, options: .nonBlocking)
        var query = wholeFile(type: F_WRLCK)
        guard fcntl(descriptor.fd.rawValue, CLinuxMedia_F_OFD_GETLK, &query) == 0 else {
            // A kernel without CONFIG_FILE_LOCKING (tinyconfig) has no locks, so no holder.
            if CLinuxMedia_errno() == EINVAL { return nil }
            throw MediaError(
                code: .ioctlFailed, errno: Errno(rawValue: CLinuxMedia_errno()), path: path, operation: "fcntl(F_OFD_GETLK)")
        }
        guard query.l_type != Int16(F_UNLCK) else { return nil }
        guard query.l_pid > 0 else { return Holder(pid: nil, command: nil) }
        return Holder(pid: query.l_pid, command: commandLine(of: query.l_pid))
    }

    /// `/proc/PID/cmdline` (under `procRoot`) with spaces between the arguments.
    package static func commandLine(of pid: Int32, procRoot: String = "/proc") -> String? {
        guard let text = TextFile.readSmall("\(procRoot)/\(pid)/cmdline"), !text.isEmpty else { return nil }
        var command = text
        while command.last == "\0" { command.removeLast() }
        return String(command.map { $0 == "\0" ? " " : $0 })
    }

    private static func wholeFile(type: Int32) -> flock {
        var request = flock()
        request.l_type = Int16(type)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = 0
        request.l_len = 0
        request.l_pid = 0
        return request
    }
}

extension MediaError {
    /// Another process holds the media node's lock.
    static func busy(_ path: String, _ holder: MediaNodeLock.Holder) -> MediaError {
        MediaError(
            code: .deviceBusy, path: path, operation: "lock",
            detail: "\(holder) holds the media device (libcamera's lock on the media node): another program uses it")
    }
}
