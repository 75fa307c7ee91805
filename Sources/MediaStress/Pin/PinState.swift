import CLinuxMedia
import Glibc
package import MediaController
import SystemPackage

/// The argument of a parked ioctl and the state it describes, built on the held
/// descriptor before the ioctl is parked: the first entity for `:inner`; for `:out`, a
/// real mutable link (SETUP_LINK), allocated, queued and done buffers (the buffer ioctls),
/// a control and its pending event (the control ioctls, DQEVENT). What the device lacks
/// is a `device` not-applicable, what the kernel refuses a `kernel` one, with its errno.
package enum PinSetup {
    /// The argument `pinned` is parked with on `handle`, after building what it needs.
    package static func argument(for pinned: PinnedIoctl, on handle: HeldHandle, mediaNode: String) throws(MediaError) -> PinArgument {
        switch pinned.point {
        case .in:
            return PinArgument(pinned, firstEntity: 1)
        case .inner:
            let entity = try MediaDevice(path: mediaNode).legacyTopology().entities.first?.id
            return PinArgument(pinned, firstEntity: entity ?? 1)
        case .out:
            let name = pinned.ioctl.name
            if name == "MEDIA_IOC_SETUP_LINK" { return try link(pinned, mediaNode) }
            if PinBuffers.ioctls.contains(name) { return try PinBuffers(pinned, handle, mediaNode: mediaNode).argument() }
            if PinControls.ioctls.contains(name) { return try PinControls(pinned, handle).argument() }
            if PinQueries.ioctls.contains(name) { return try PinQueries.argument(pinned, handle) }
            if PinRouting.ioctls.contains(name) { return try PinRouting.argument(pinned, handle) }
            return PinArgument(pinned, firstEntity: 1)
        }
    }

    /// SETUP_LINK to the current state of a link that is not immutable.
    private static func link(_ pinned: PinnedIoctl, _ mediaNode: String) throws(MediaError) -> PinArgument {
        let links = try MediaDevice(path: mediaNode).legacyTopology().entities.flatMap(\.links)
        guard let link = links.first(where: { !$0.flags.contains(.immutable) }) else {
            throw NotApplicable.error(
                .device, path: mediaNode, operation: "park \(pinned.rawValue)",
                detail: "the device has no mutable link (\(links.count) links, every one immutable)")
        }
        return PinArgument(image: link.rawDescription)
    }

    /// The request of a videodev2.h ioctl by name, from the UAPI table.
    static func request(_ name: String, for pinned: PinnedIoctl) throws(MediaError) -> IoctlRequest {
        guard let ioctl = UAPIIoctl.named(name) else {
            throw NotApplicable.error(.tool, operation: "park \(pinned.rawValue)", detail: "\(name) is not in the UAPI table")
        }
        return IoctlRequest(name: ioctl.name, number: ioctl.number)
    }

    /// Issues `request` on `handle` while building the state of `pinned`: a refusal is
    /// the kernel's, with its errno.
    static func call<Argument>(
        _ request: IoctlRequest, _ argument: inout Argument, on handle: HeldHandle, for pinned: PinnedIoctl
    ) throws(MediaError) {
        if case .failure(let errno) = systemIoctl(handle.fileDescriptor, request, &argument) {
            throw NotApplicable.error(
                .kernel, errno: errno, path: handle.node.path, operation: "park \(pinned.rawValue)",
                detail: "\(request.name), building the state the cell needs, was refused")
        }
    }
}

/// The refusal of a parked ioctl that returned before its park point, classified: ENOTTY
/// is the node lacking the ioctl (the V4L2 core's, the subdev core's or the media core's
/// dispatcher refuses it); ENODATA the current input or output lacking the feature; any
/// other errno the kernel's when the argument described real state, the tool's when not.
enum PinRefusal {
    /// Refusals whose function the kernel's source names (Linux 6.12): `ioctl errno` to it.
    static let known: [String: String] = [
        // v4l2-subdev.c: VIDIOC_SUBDEV_ENUMSTD returns -EINVAL itself when the subdev has
        // no video.g_tvnorms (no subdev of vimc, vivid or vim2m has one).
        "VIDIOC_SUBDEV_ENUMSTD EINVAL": "subdev_do_ioctl"
    ]

    static func classify(_ pinned: PinnedIoctl, errno: Errno?, argumentBuilt: Bool) -> NotApplicable {
        let name = errno.map(errnoName)
        if errno == .inappropriateIOCTLForDevice {
            let dispatcher = switch pinned.nodeKind {
            case .media: "media_device_ioctl"
            case .subdev: "subdev_do_ioctl"
            default: "__video_do_ioctl"
            }
            return NotApplicable(.kernel, errno: name, function: dispatcher)
        }
        if let function = known["\(pinned.ioctl.name) \(name ?? "0")"] {
            return NotApplicable(.kernel, errno: name, function: function)
        }
        if errno == .noData || argumentBuilt { return NotApplicable(.kernel, errno: name) }
        return NotApplicable(.tool, errno: name)
    }
}
