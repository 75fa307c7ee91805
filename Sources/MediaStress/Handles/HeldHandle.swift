import Glibc
public import MediaController
public import SystemPackage

/// A descriptor held open on one node of the target across the unbind.
public final class HeldHandle: Sendable {
    public let node: HeldNode
    public let fileDescriptor: FileDescriptor

    /// Opens the node read-write, as media-ctl and v4l2 applications do.
    public init(_ node: HeldNode) throws(MediaError) {
        fileDescriptor = try openDeviceNode(node.path, .readWrite, options: .nonBlocking)
        self.node = node
    }

    /// `poll` with a zero timeout; the returned events.
    public func pollEvents() -> Int16 {
        var entry = pollfd(fd: fileDescriptor.rawValue, events: Int16(POLLIN | POLLPRI | POLLOUT), revents: 0)
        _ = poll(&entry, 1, 0)
        return entry.revents
    }

    /// Closes the descriptor; the errno when close failed.
    public func close() -> Errno? {
        do {
            try fileDescriptor.close()
            return nil
        } catch {
            return error as? Errno ?? .ioError
        }
    }
}
