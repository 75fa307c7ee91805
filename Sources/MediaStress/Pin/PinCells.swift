/// The ioctls of the UAPI headers that have no park point at all, each with the reason:
/// every other ioctl is a cell of `--pin` at each of its park points. A test checks that
/// this list is exactly the ioctls without a park point, so a new ioctl in the headers
/// is either a cell or a decision written here.
package enum PinExclusions {
    package static let reasons: [String: String] = [
        "MEDIA_REQUEST_IOC_QUEUE": "takes no argument and goes to a request descriptor: a request queued across the unbind is a cell of its own",
        "MEDIA_REQUEST_IOC_REINIT": "takes no argument and goes to a request descriptor",
        "VIDIOC_LOG_STATUS": "takes no argument: there is no user memory to park on",
    ]
}
