import CLinuxMedia
public import SystemPackage

/// Every failure of the library: what was done, on which path, and the errno.
public struct MediaError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is; new cases may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        public static let openFailed = Code(name: "openFailed")
        public static let ioctlFailed = Code(name: "ioctlFailed")
        public static let notAMediaDevice = Code(name: "notAMediaDevice")
        public static let deviceNotFound = Code(name: "deviceNotFound")
        public static let ambiguousDevice = Code(name: "ambiguousDevice")
        public static let noMediaDevices = Code(name: "noMediaDevices")
        public static let enumerationFailed = Code(name: "enumerationFailed")
        public static let invalidArgument = Code(name: "invalidArgument")
        public static let sysfsFailed = Code(name: "sysfsFailed")
        public static let timedOut = Code(name: "timedOut")
        /// Another process holds the device: a lock on its media node, or a stress run.
        public static let deviceBusy = Code(name: "deviceBusy")
        /// Reading or writing a file (not opening it) failed.
        public static let fileFailed = Code(name: "fileFailed")
        /// No entity of the device has the name given.
        public static let entityNotFound = Code(name: "entityNotFound")
        /// The name given is that of several entities of the device.
        public static let ambiguousEntity = Code(name: "ambiguousEntity")
        /// The entity has no device node (neither a video node nor a V4L2 subdev node).
        public static let noDeviceNode = Code(name: "noDeviceNode")
        /// The operation does not apply to this device: its driver lacks what it needs (an
        /// ioctl answered ENOTTY before reaching a park point, no node with read I/O...).
        public static let notApplicable = Code(name: "notApplicable")
        /// Waiting for events failed: the udev monitor, a signal descriptor or their poll
        /// could not be set up or polled.
        public static let monitorFailed = Code(name: "monitorFailed")
        /// The kernel log (/dev/kmsg) cannot be read: a stress run could not see what the
        /// kernel says.
        public static let kernelLogUnavailable = Code(name: "kernelLogUnavailable")
    }

    public var code: Code
    /// The errno the kernel returned, when a system call failed.
    public var errno: Errno?
    /// The device node or file involved.
    public var path: String?
    /// The system call or ioctl, e.g. `open` or `MEDIA_IOC_G_TOPOLOGY`.
    public var operation: String
    /// A sentence for people that explains the failure beyond the errno.
    public var detail: String?

    public init(code: Code, errno: Errno? = nil, path: String? = nil, operation: String, detail: String? = nil) {
        self.code = code
        self.errno = errno
        self.path = path
        self.operation = operation
        self.detail = detail
    }

    public var description: String {
        var text: String
        switch code {
        case .openFailed:
            text = "cannot open \(path ?? "?")"
        case .notAMediaDevice:
            text = "\(path ?? "?") is not a media device"
        case .ioctlFailed:
            text = "\(operation) on \(path ?? "?") failed"
        case .fileFailed:
            text = "cannot \(operation) \(path ?? "?")"
        case .entityNotFound, .ambiguousEntity, .noDeviceNode:
            text = path ?? operation
        default:
            text = path.map { "\(operation) \($0)" } ?? operation
        }
        if let errno { text += ": \(errnoText(errno))" }
        if let detail { text += (errno == nil ? ": " : "; ") + detail }
        return text
    }
}

/// `Permission denied (EACCES)`: the message and the symbolic name of an errno.
public func errnoText(_ errno: Errno) -> String {
    "\(errno.description) (\(errnoName(errno)))"
}

/// The symbolic name of an errno, e.g. `EIO`; the number when glibc has no name.
public func errnoName(_ errno: Errno) -> String {
    guard let name = CLinuxMedia_errno_name(errno.rawValue) else { return "errno \(errno.rawValue)" }
    return String(cString: name)
}

extension MediaError {
    /// The error for a failed `open` of a device node.
    static func open(_ path: String, _ errno: Errno) -> MediaError {
        let hint: String?
        switch errno {
        case .permissionDenied, .notPermitted:
            hint = "run as root or as a member of the device's group (usually 'video')"
        case .noSuchFileOrDirectory:
            hint = "no such device node"
        default:
            hint = nil
        }
        return MediaError(code: .openFailed, errno: errno, path: path, operation: "open", detail: hint)
    }

    /// The error for a failed ioctl, with what the errno means for that ioctl.
    static func ioctl(_ request: IoctlRequest, _ path: String, _ errno: Errno) -> MediaError {
        if errno == .inappropriateIOCTLForDevice, request.name.hasPrefix("MEDIA_IOC_DEVICE_INFO") {
            return MediaError(
                code: .notAMediaDevice, errno: errno, path: path, operation: request.name,
                detail: "\(request.name) is not supported there")
        }
        let meaning: String?
        switch (request.name, errno) {
        case ("MEDIA_IOC_SETUP_LINK", .invalidArgument):
            meaning = "no such link, or it is immutable"
        case ("MEDIA_IOC_SETUP_LINK", .resourceBusy):
            meaning = "the pipeline is streaming"
        case (_, .ioError) where request.name.hasPrefix("MEDIA_IOC"):
            meaning = "the media device was unregistered (driver unbound?)"
        case (_, .noSuchAddressOrDevice), (_, .operationNotSupportedByDevice):
            meaning = "the device is gone"
        default:
            meaning = nil
        }
        return MediaError(code: .ioctlFailed, errno: errno, path: path, operation: request.name, detail: meaning)
    }
}
