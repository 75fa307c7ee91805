import CLinuxMedia
import Glibc
import MediaController
import SystemPackage

/// The format the subdev source pad feeding a capture node must have for VIDIOC_STREAMON to
/// pass the media pipeline's link validation (EPIPE otherwise): the node's size and field,
/// and the first of the pad's media bus codes that ENUM_FMT maps to the node's pixel format
/// (V4L2_CAP_IO_MC nodes filter by `mbus_code`). What a media-ctl user sets by hand before
/// streaming; vimc's sensor and capture defaults differ in the code (both RGB24 to look at:
/// the first VM run's "vimc link validate" line).
struct PinPipeline {
    let handle: HeldHandle
    let mediaNode: String

    /// Sets the source pad's format from the node's; nil when it did, or why not.
    func alignSource(type: UInt32) -> String? {
        var status = stat()
        guard stat(handle.node.path, &status) == 0 else { return "stat \(handle.node.path) failed" }
        let rdev = UInt64(status.st_rdev)
        let major = UInt32(((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfff))
        let minor = UInt32((rdev & 0xff) | ((rdev >> 12) & ~0xff))
        guard let topology = try? MediaDevice(path: mediaNode).legacyTopology(),
            let video = topology.entities.first(where: { $0.major == major && $0.minor == minor }),
            let link = topology.entities.flatMap(\.links).first(where: { $0.sink.entityID == video.id && $0.flags.contains(.enabled) }),
            let source = topology.entity(id: link.source.entityID), source.isSubdev
        else { return "no enabled link from a subdev into \(handle.node.path)" }
        guard let uevent = try? TextFile.read("/sys/dev/char/\(source.major):\(source.minor)/uevent"),
            let name = uevent.split(separator: "\n").first(where: { $0.hasPrefix("DEVNAME=") })?.dropFirst(8),
            let subdev = try? OwnedDescriptor(opening: "/dev/\(name)", .readWrite, options: .nonBlocking)
        else { return "the node of \(source.name) could not be opened" }
        // The node's own format, progressive: a sink field other than NONE must equal the
        // source's (vimc_vdev_link_validate), and vimc's capture default is ANY.
        var current = v4l2_format()
        current.type = type
        guard case .success = systemIoctl(handle.fileDescriptor, .getFormat, &current) else { return "VIDIOC_G_FMT failed" }
        current.fmt.pix.field = 1  // V4L2_FIELD_NONE
        if case .failure(let errno) = systemIoctl(handle.fileDescriptor, .setFormat, &current) { return "VIDIOC_S_FMT: \(errnoName(errno))" }
        // The source pad's codes in the driver's order: the first whose pixel format is the
        // node's is the one the driver maps the node's pixel format back to.
        guard let enumCodes = UAPIIoctl.named("VIDIOC_SUBDEV_ENUM_MBUS_CODE").map({ IoctlRequest(name: $0.name, number: $0.number) }),
            let enumFormat = UAPIIoctl.named("VIDIOC_ENUM_FMT").map({ IoctlRequest(name: $0.name, number: $0.number) })
        else { return "the UAPI table lacks ENUM_MBUS_CODE or ENUM_FMT" }
        var code: UInt32?
        for index in 0..<64 where code == nil {
            var entry = v4l2_subdev_mbus_code_enum()
            entry.pad = UInt32(link.source.index)
            entry.index = UInt32(index)
            entry.which = UInt32(V4L2_SUBDEV_FORMAT_ACTIVE.rawValue)
            guard case .success = systemIoctl(subdev.fd, enumCodes, &entry) else { break }
            var description = v4l2_fmtdesc()
            description.type = type
            description.mbus_code = entry.code
            if case .success = systemIoctl(handle.fileDescriptor, enumFormat, &description),
                description.pixelformat == current.fmt.pix.pixelformat
            {
                code = entry.code
            }
        }
        guard let code else { return "no code of \(source.name) pad \(link.source.index) gives the node's pixel format" }
        var format = v4l2_subdev_format()
        format.which = UInt32(V4L2_SUBDEV_FORMAT_ACTIVE.rawValue)
        format.pad = UInt32(link.source.index)
        format.format.code = code
        format.format.width = current.fmt.pix.width
        format.format.height = current.fmt.pix.height
        format.format.field = current.fmt.pix.field
        if case .failure(let errno) = systemIoctl(subdev.fd, .subdevSetFormat, &format) { return "VIDIOC_SUBDEV_S_FMT: \(errnoName(errno))" }
        return nil
    }
}
