package import SystemPackage

/// An open device node: its path and the descriptor that owns it. What `MediaDevice` and
/// `SubdevNode` wrap; its ioctls fail with a `MediaError` naming the node.
package struct NodeDescriptor: ~Copyable, Sendable {
    package let path: String
    private let descriptor: OwnedDescriptor

    package var fd: FileDescriptor { descriptor.fd }

    /// The corresponding C function is `open`.
    package init(path: String, mode: FileDescriptor.AccessMode) throws(MediaError) {
        descriptor = try OwnedDescriptor(opening: path, mode)
        self.path = path
    }

    /// Issues one ioctl on a value of the ioctl's structure type.
    package func ioctl<Argument>(_ request: IoctlRequest, _ argument: inout Argument) -> Result<Int32, Errno> {
        systemIoctl(fd, request, &argument)
    }

    /// Issues one ioctl; a failure becomes the `MediaError` users see.
    package func call<Argument>(_ request: IoctlRequest, _ argument: inout Argument) throws(MediaError) {
        if case .failure(let errno) = systemIoctl(fd, request, &argument) {
            throw MediaError.ioctl(request, path, errno)
        }
    }
}
