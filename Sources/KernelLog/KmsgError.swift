package import SystemPackage

/// A failure to open, seek or read /dev/kmsg.
package struct KmsgError: Error, CustomStringConvertible, Sendable, Equatable {
    package enum Operation: String, Sendable, Equatable {
        case open, seek, read
    }

    package var operation: Operation
    package var path: String
    package var errno: Errno

    package init(operation: Operation, path: String, errno: Errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// The errno value, for callers that do not import SystemPackage.
    package var code: Int32 { errno.rawValue }

    package var description: String {
        var text = "\(operation.rawValue) \(path): \(errno) (errno \(errno.rawValue))"
        if operation == .open, errno == .permissionDenied || errno == .notPermitted {
            text += "; reading the kernel log needs root or CAP_SYSLOG (kernel.dmesg_restrict)"
        }
        return text
    }
}
