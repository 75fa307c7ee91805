package import SystemPackage

/// Requests of the media request API (linux/media.h): allocated on a media node's
/// descriptor and owned by the caller, who may keep one past the media node's close.
package enum MediaRequest {
    /// A new request on the media node `media`.
    /// The corresponding ioctl is `MEDIA_IOC_REQUEST_ALLOC`.
    package static func allocate(on media: FileDescriptor) throws(Errno) -> OwnedDescriptor {
        var requestFD: Int32 = -1
        if case .failure(let errno) = systemIoctl(media, .requestAlloc, &requestFD) { throw errno }
        return OwnedDescriptor(adopting: FileDescriptor(rawValue: requestFD))
    }

    /// Queues the request; nil when the kernel took it.
    /// The corresponding ioctl is `MEDIA_REQUEST_IOC_QUEUE`.
    package static func queue(_ request: FileDescriptor) -> Errno? {
        systemIoctl(request, .requestQueue, nil).failureValue
    }

    /// Makes a completed request new again; nil when the kernel did.
    /// The corresponding ioctl is `MEDIA_REQUEST_IOC_REINIT`.
    package static func reinitialize(_ request: FileDescriptor) -> Errno? {
        systemIoctl(request, .requestReinit, nil).failureValue
    }
}
