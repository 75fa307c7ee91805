package import CLinuxMedia
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
package protocol MediaCheckProbes {
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
    package func setupLink(_ desc: inout media_link_desc) -> Errno? {
        device.trySetupLink(&desc)
    }

    /// The corresponding ioctls are `MEDIA_IOC_REQUEST_ALLOC`, `MEDIA_REQUEST_IOC_REINIT`
    /// and `MEDIA_REQUEST_IOC_QUEUE`.
    public func requestLifetime() -> RequestProbeResult {
        let request: OwnedDescriptor
        do throws(MediaError) {
            // The request outlives the media node's descriptor: it is closed first.
            let media = try OwnedDescriptor(opening: device.path, .readWrite)
            do throws(Errno) {
                request = try MediaRequest.allocate(on: media.fd)
            } catch {
                return RequestProbeResult(allocError: error)
            }
            _ = media.close()
        } catch {
            return RequestProbeResult(allocError: error.errno ?? .ioError)
        }
        var result = RequestProbeResult()
        result.reinitError = MediaRequest.reinitialize(request.fd)
        result.queueError = MediaRequest.queue(request.fd)
        return result
    }

    /// The corresponding C function is `open`.
    public func openSimultaneously(_ count: Int) -> OpenProbeResult {
        holdOpen(count, opened: 0)
    }

    /// Opens one more descriptor and keeps it open while the rest are opened.
    private func holdOpen(_ remaining: Int, opened: Int) -> OpenProbeResult {
        guard remaining > 0 else { return OpenProbeResult(opened: opened, error: nil) }
        let descriptor: OwnedDescriptor
        do throws(MediaError) {
            descriptor = try OwnedDescriptor(opening: device.path, .readOnly)
        } catch {
            return OpenProbeResult(opened: opened, error: error.errno ?? .ioError)
        }
        let result = holdOpen(remaining - 1, opened: opened + 1)
        _ = descriptor.close()
        return result
    }
}
