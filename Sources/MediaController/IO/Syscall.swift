import CLinuxMedia
package import SystemPackage

/// Runs a system call that returns -1 and sets errno on failure, retrying on EINTR.
/// The one EINTR policy of the library.
func valueOrErrno<Value: FixedWidthInteger>(
    retryOnInterrupt: Bool = true, _ call: () -> Value
) -> Result<Value, Errno> {
    while true {
        let value = call()
        if value != -1 { return .success(value) }
        let error = Errno(rawValue: CLinuxMedia_errno())
        if retryOnInterrupt && error == .interrupted { continue }
        return .failure(error)
    }
}

/// Issues one ioctl. `argument` points at the ioctl's structure.
/// The corresponding C function is `ioctl`.
package func systemIoctl(
    _ fd: FileDescriptor, _ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?,
    retryOnInterrupt: Bool = true
) -> Result<Int32, Errno> {
    valueOrErrno(retryOnInterrupt: retryOnInterrupt) {
        CLinuxMedia_ioctl(fd.rawValue, request.number, argument)
    }
}

/// Issues one ioctl on a value of the ioctl's structure type.
package func systemIoctl<Argument>(
    _ fd: FileDescriptor, _ request: IoctlRequest, _ argument: inout Argument, retryOnInterrupt: Bool = true
) -> Result<Int32, Errno> {
    withUnsafeMutableBytes(of: &argument) { bytes in
        systemIoctl(fd, request, bytes.baseAddress, retryOnInterrupt: retryOnInterrupt)
    }
}

extension Result {
    /// The error, or nil on success.
    package var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
