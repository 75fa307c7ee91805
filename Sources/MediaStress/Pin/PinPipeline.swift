import CLinuxMedia
import Glibc
import MediaController
import SystemPackage

/// The formats a capture node's pipeline must have for VIDIOC_STREAMON to pass its link
/// validation (EPIPE otherwise). The pipeline holds every enabled link of the source pad
/// feeding the node, so the pad takes the format of another subdev sink it feeds (vimc's
/// Sensor A also feeds Debayer A, whose sink takes Bayer codes only), or keeps its own,
/// and the node takes the pixel format ENUM_FMT gives for that media bus code
/// (V4L2_CAP_IO_MC nodes filter by `mbus_code`), progressive. What a media-ctl user sets by
/// hand before streaming.
struct PinPipeline {
    let handle: HeldHandle
    let mediaNode: String

    /// The subdev node of `entity`, opened read-write.
    private func open(_ entity: LegacyEntity) -> OwnedDescriptor? {
        guard let uevent = try? TextFile.read("/sys/dev/char/\(entity.major):\(entity.minor)/uevent"),
            let name = uevent.split(separator: "\n").first(where: { $0.hasPrefix("DEVNAME=") })?.dropFirst(8)
        else { return nil }
        return try? OwnedDescriptor(opening: "/dev/\(name)", .readWrite, options: .nonBlocking)
    }

    private func format(_ fd: FileDescriptor, pad: UInt16) -> v4l2_subdev_format? {
        var format = v4l2_subdev_format()
        format.which = UInt32(V4L2_SUBDEV_FORMAT_ACTIVE.rawValue)
        format.pad = UInt32(pad)
        guard case .success = systemIoctl(fd, .subdevGetFormat, &format) else { return nil }
        return format
    }

    /// Sets the source pad's and the node's formats; nil when it did, or why not.
    func align(type: UInt32) -> String? {
        var status = stat()
        guard stat(handle.node.path, &status) == 0 else { return "stat \(handle.node.path) failed" }
        let rdev = UInt64(status.st_rdev)
        let major = UInt32(((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfff))
        let minor = UInt32((rdev & 0xff) | ((rdev >> 12) & ~0xff))
        guard let topology = try? MediaDevice(path: mediaNode).legacyTopology(),
            let video = topology.entities.first(where: { $0.major == major && $0.minor == minor }),
            let link = topology.entities.flatMap(\.links).first(where: { $0.sink.entityID == video.id && $0.flags.contains(.enabled) }),
            let source = topology.entity(id: link.source.entityID), source.isSubdev, let subdev = open(source),
            var target = format(subdev.fd, pad: link.source.index)
        else { return "no enabled link from a subdev node into \(handle.node.path)" }
        let siblings = source.links.filter {
            $0.source == link.source && $0.sink.entityID != video.id && $0.flags.contains(.enabled)
        }
        for sibling in siblings {
            guard let sink = topology.entity(id: sibling.sink.entityID), sink.isSubdev, let node = open(sink),
                let theirs = format(node.fd, pad: sibling.sink.index)
            else { continue }
            target.format = theirs.format
            break
        }
        target.format.field = 1  // V4L2_FIELD_NONE
        target.pad = UInt32(link.source.index)
        if case .failure(let errno) = systemIoctl(subdev.fd, .subdevSetFormat, &target) { return "VIDIOC_SUBDEV_S_FMT: \(errnoName(errno))" }
        var description = v4l2_fmtdesc()
        description.type = type
        description.mbus_code = target.format.code
        guard let enumFormat = UAPIIoctl.named("VIDIOC_ENUM_FMT").map({ IoctlRequest(name: $0.name, number: $0.number) }),
            case .success = systemIoctl(handle.fileDescriptor, enumFormat, &description)
        else { return "no pixel format of \(handle.node.path) for media bus code 0x\(String(target.format.code, radix: 16))" }
        var pixel = v4l2_format()
        pixel.type = type
        pixel.fmt.pix.width = target.format.width
        pixel.fmt.pix.height = target.format.height
        pixel.fmt.pix.pixelformat = description.pixelformat
        pixel.fmt.pix.field = 1
        if case .failure(let errno) = systemIoctl(handle.fileDescriptor, .setFormat, &pixel) { return "VIDIOC_S_FMT: \(errnoName(errno))" }
        return nil
    }
}
