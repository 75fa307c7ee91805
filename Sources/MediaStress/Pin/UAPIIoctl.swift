/// One ioctl of the kernel's media UAPI headers, as `Scripts/gen/ioctls` compiled it: the
/// table `UAPIIoctls.all` is generated, never typed.
package struct UAPIIoctl: Sendable, Hashable {
    /// Which way the argument goes (`_IOC_DIR`).
    package enum Direction: String, Sendable, Hashable {
        /// `_IO`: no argument in user memory.
        case none
        /// `_IOW`: the kernel copies the argument in.
        case `in`
        /// `_IOR`: the kernel copies the result out.
        case out
        /// `_IOWR`: both.
        case inOut
    }

    /// The header that defines it.
    package enum Header: String, Sendable, Hashable {
        case media, videodev2, subdev
    }

    package let name: String
    package let number: UInt
    package let direction: Direction
    /// `_IOC_SIZE`: the bytes the kernel copies.
    package let size: Int
    package let header: Header

    package init(name: String, number: UInt, direction: Direction, size: Int, header: Header) {
        self.name = name
        self.number = number
        self.direction = direction
        self.size = size
        self.header = header
    }

    /// The ioctl of this name, or nil.
    package static func named(_ name: String) -> UAPIIoctl? {
        UAPIIoctls.all.first { $0.name == name }
    }

    /// The node kinds whose descriptors take it, the first being where `--pin` issues it.
    /// MEDIA_REQUEST_IOC_* go to request descriptors, which no cell holds yet: none.
    package var nodeKinds: [StressConfiguration.NodeKind] {
        switch header {
        case .media: name.hasPrefix("MEDIA_IOC_") ? [.media] : []
        case .subdev: [.subdev]
        case .videodev2: Self.alsoOnSubdevs.contains(name) ? [.video, .subdev] : [.video]
        }
    }

    /// The videodev2.h ioctls that subdev nodes also take: the cases of `subdev_do_ioctl`
    /// (drivers/media/v4l2-core/v4l2-subdev.c, Linux 6.12) that are not VIDIOC_SUBDEV_*.
    static let alsoOnSubdevs: Set<String> = [
        "VIDIOC_QUERYCTRL", "VIDIOC_QUERY_EXT_CTRL", "VIDIOC_QUERYMENU", "VIDIOC_G_CTRL", "VIDIOC_S_CTRL",
        "VIDIOC_G_EXT_CTRLS", "VIDIOC_S_EXT_CTRLS", "VIDIOC_TRY_EXT_CTRLS", "VIDIOC_DQEVENT", "VIDIOC_SUBSCRIBE_EVENT",
        "VIDIOC_UNSUBSCRIBE_EVENT", "VIDIOC_LOG_STATUS", "VIDIOC_DBG_G_CHIP_INFO", "VIDIOC_DBG_G_REGISTER",
        "VIDIOC_DBG_S_REGISTER", "VIDIOC_G_EDID", "VIDIOC_S_EDID",
    ]
}
