import CLinuxMedia
import Glibc
import MediaController
import SystemPackage

/// The format a capture node must have for VIDIOC_STREAMON to pass the media pipeline's
/// link validation (EPIPE otherwise): the format of the subdev source pad its enabled link
/// comes from, the pixel format ENUM_FMT gives for that media bus code (V4L2_CAP_IO_MC
/// nodes filter by `mbus_code`). What a media-ctl user does by hand before streaming.
struct PinPipeline {
    let handle: HeldHandle
    let mediaNode: String

    /// Sets the node's format from its source pad; nil when it did, or why not.
    func alignWithSource(type: UInt32) -> String? {
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
            let subdev = try? SubdevNode(path: "/dev/\(name)"),
            case .success(let format) = subdev.rawFormat(pad: UInt32(link.source.index))
        else { return "the format of \(source.name) pad \(link.source.index) could not be read" }
        var description = v4l2_fmtdesc()
        description.type = type
        description.mbus_code = format.format.code
        guard let enumFormat = UAPIIoctl.named("VIDIOC_ENUM_FMT").map({ IoctlRequest(name: $0.name, number: $0.number) }),
            case .success = systemIoctl(handle.fileDescriptor, enumFormat, &description)
        else {
            return "no pixel format of \(handle.node.path) for media bus code 0x\(String(format.format.code, radix: 16))"
        }
        var pixel = v4l2_format()
        pixel.type = type
        pixel.fmt.pix.width = format.format.width
        pixel.fmt.pix.height = format.format.height
        pixel.fmt.pix.pixelformat = description.pixelformat
        pixel.fmt.pix.field = format.format.field
        if case .failure(let errno) = systemIoctl(handle.fileDescriptor, .setFormat, &pixel) { return "VIDIOC_S_FMT: \(errnoName(errno))" }
        return nil
    }
}
