import Glibc
package import MediaController
import Synchronization
package import SystemPackage

/// A descriptor held open on one node of the target across the unbind.
package final class HeldHandle: Sendable {
    package let node: HeldNode
    /// The descriptor's number, for the hammer threads' ioctls; it stays the same after
    /// `close()`, so late ioctls see EBADF as they did.
    package let fileDescriptor: FileDescriptor
    private let owner: Mutex<OwnedDescriptor?>

    /// Opens the node read-write, as media-ctl and v4l2 applications do.
    package init(_ node: HeldNode) throws(MediaError) {
        let descriptor = try OwnedDescriptor(opening: node.path, .readWrite, options: .nonBlocking)
        fileDescriptor = descriptor.fd
        owner = Mutex(descriptor)
        self.node = node
    }

    /// Holds a descriptor the kernel gave (a request's, from MEDIA_IOC_REQUEST_ALLOC on
    /// `node`), so that any thread can close it once.
    package init(adopting descriptor: consuming OwnedDescriptor, on node: HeldNode) {
        fileDescriptor = descriptor.fd
        owner = Mutex(descriptor)
        self.node = node
    }

    /// `poll` with a zero timeout; the returned events.
    package func pollEvents() -> Int16 {
        var entry = pollfd(fd: fileDescriptor.rawValue, events: Int16(POLLIN | POLLPRI | POLLOUT), revents: 0)
        _ = poll(&entry, 1, 0)
        return entry.revents
    }

    /// Closes the descriptor; the errno when close failed (EBADF when already closed).
    package func close() -> Errno? {
        guard let descriptor = owner.withLock({ $0.take() }) else { return .badFileDescriptor }
        if case .failure(let errno) = descriptor.close() { return errno }
        return nil
    }
}
