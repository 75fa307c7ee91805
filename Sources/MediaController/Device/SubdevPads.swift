package import CLinuxMedia
package import SystemPackage

/// A subdev's pads as `-V` sets them and `--get-v4l2` reads them. `SubdevNode` is one.
/// `which` picks the active configuration or the TRY state of this one open handle.
package protocol SubdevPads {
    /// The corresponding ioctl is `VIDIOC_SUBDEV_S_FMT`; returns what the driver chose.
    func setFormat(_ format: FrameFormat, pad: UInt32, which: SubdevWhich) throws(MediaError) -> FrameFormat
    /// The corresponding ioctl is `VIDIOC_SUBDEV_S_SELECTION`.
    func setSelection(_ rectangle: Rectangle, target: UInt32, pad: UInt32, which: SubdevWhich) throws(MediaError) -> Rectangle
    /// The corresponding ioctl is `VIDIOC_SUBDEV_S_FRAME_INTERVAL` (active only).
    func setFrameInterval(_ interval: Fraction, pad: UInt32) throws(MediaError) -> Fraction
    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_FMT`.
    func rawFormat(pad: UInt32, which: SubdevWhich) -> Result<v4l2_subdev_format, Errno>
    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_FRAME_INTERVAL` (active only).
    func rawFrameInterval(pad: UInt32) -> Result<v4l2_subdev_frame_interval, Errno>
    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_SELECTION`.
    func rawSelection(pad: UInt32, target: UInt32, which: SubdevWhich) -> Result<v4l2_subdev_selection, Errno>
    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_CROP`.
    func rawCrop(pad: UInt32, which: SubdevWhich) -> Result<v4l2_subdev_crop, Errno>
}

extension SubdevNode: SubdevPads {}

/// Opens subdev nodes for configuration.
package protocol SubdevOpening {
    func open(devnode: String) throws(MediaError) -> any SubdevPads
}

/// Opens the real nodes read-write, as media-ctl does.
public struct LiveSubdevOpener: SubdevOpening {
    public init() {}

    package func open(devnode: String) throws(MediaError) -> any SubdevPads {
        try SubdevNode(path: devnode, mode: .readWrite)
    }
}
