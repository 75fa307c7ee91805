public import SystemPackage

/// Opens a device node close-on-exec; a failure becomes the `MediaError` users see.
/// The corresponding C function is `open`.
public func openDeviceNode(
    _ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions = []
) throws(MediaError) -> FileDescriptor {
    do {
        return try FileDescriptor.open(path, mode, options: options.union(.closeOnExec))
    } catch {
        throw MediaError.open(path, error as? Errno ?? .ioError)
    }
}
