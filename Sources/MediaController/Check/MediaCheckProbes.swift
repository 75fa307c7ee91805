public import CLinuxMedia
public import SystemPackage

/// What the request probe saw: allocation, then, after the media fd that allocated the
/// request was closed, a reinit and a queue of the (empty) request.
public struct RequestProbeResult: Sendable, Equatable {
    /// nil when `MEDIA_IOC_REQUEST_ALLOC` succeeded.
    public var allocError: Errno?
    /// `MEDIA_REQUEST_IOC_REINIT` after the media fd was closed; nil when it succeeded.
    public var reinitError: Errno?
    /// `MEDIA_REQUEST_IOC_QUEUE` of the empty request; ENOENT is the expected answer.
    public var queueError: Errno?

    public init(allocError: Errno? = nil, reinitError: Errno? = nil, queueError: Errno? = nil) {
        self.allocError = allocError
        self.reinitError = reinitError
        self.queueError = queueError
    }
}

/// How many opens of the media node succeeded at once, and the first failure.
public struct OpenProbeResult: Sendable, Equatable {
    public var opened: Int
    public var error: Errno?

    public init(opened: Int, error: Errno?) {
        self.opened = opened
        self.error = error
    }
}

/// The checks that call the kernel with unusual arguments. Each leaves the device as
/// it found it (SETUP_LINK is only sent with a link's own flags or flags the kernel
/// must refuse). A fake in tests.
public protocol MediaCheckProbes {
    /// `MEDIA_IOC_SETUP_LINK` with `desc` as given; nil on success. `desc` is updated
    /// with what the kernel wrote back.
    func setupLink(_ desc: inout media_link_desc) -> Errno?
    /// Allocates a request, closes the media fd, then reinits and queues the request.
    func requestLifetime() -> RequestProbeResult
    /// Opens the media node `count` times, holding every descriptor, then closes them.
    func openSimultaneously(_ count: Int) -> OpenProbeResult
}

/// The probes on a real media node.
public struct LiveMediaCheckProbes: MediaCheckProbes {
    public let device: MediaDevice

    public init(device: MediaDevice) { self.device = device }

    /// The corresponding ioctl is `MEDIA_IOC_SETUP_LINK`.
    public func setupLink(_ desc: inout media_link_desc) -> Errno? {
        if case .failure(let errno) = systemIoctl(device.fileDescriptor, .setupLink, &desc) { return errno }
        return nil
    }

    /// The corresponding ioctls are `MEDIA_IOC_REQUEST_ALLOC`, `MEDIA_REQUEST_IOC_REINIT`
    /// and `MEDIA_REQUEST_IOC_QUEUE`.
    public func requestLifetime() -> RequestProbeResult {
        let media: FileDescriptor
        do throws(MediaError) {
            media = try openDeviceNode(device.path, .readWrite)
        } catch {
            return RequestProbeResult(allocError: error.errno ?? .ioError)
        }
        var requestFD: Int32 = -1
        if case .failure(let errno) = systemIoctl(media, .requestAlloc, &requestFD) {
            try? media.close()
            return RequestProbeResult(allocError: errno)
        }
        try? media.close()
        let request = FileDescriptor(rawValue: requestFD)
        defer { try? request.close() }
        var result = RequestProbeResult()
        if case .failure(let errno) = systemIoctl(request, .requestReinit, nil) { result.reinitError = errno }
        if case .failure(let errno) = systemIoctl(request, .requestQueue, nil) { result.queueError = errno }
        return result
    }

    /// The corresponding C function is `open`.
    public func openSimultaneously(_ count: Int) -> OpenProbeResult {
        var held: [FileDescriptor] = []
        defer { for descriptor in held { try? descriptor.close() } }
        for _ in 0..<count {
            do throws(MediaError) {
                held.append(try openDeviceNode(device.path, .readOnly))
            } catch {
                return OpenProbeResult(opened: held.count, error: error.errno ?? .ioError)
            }
        }
        return OpenProbeResult(opened: held.count, error: nil)
    }
}
