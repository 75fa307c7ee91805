public import CLinuxMedia
public import SystemPackage

/// What configuring a pipeline needs from a media device. `MediaDevice` is one; tests
/// use an in-memory graph that follows the kernel's rules.
public protocol PipelineDevice {
    /// The media device node.
    var path: String { get }
    /// The corresponding ioctl is `MEDIA_IOC_G_TOPOLOGY` (full entity names).
    func topology() throws(MediaError) -> Topology
    /// The corresponding ioctls are `MEDIA_IOC_ENUM_ENTITIES` and `MEDIA_IOC_ENUM_LINKS`.
    func legacyTopology() throws(MediaError) -> LegacyTopology
    /// Sends the link's flags as they are. The corresponding ioctl is `MEDIA_IOC_SETUP_LINK`.
    func setupLink(_ link: LegacyLink) throws(MediaError)
}

extension MediaDevice: PipelineDevice {}

extension PipelineDevice {
    /// Sets a link as requested, keeping its IMMUTABLE bit as media-ctl does. A request
    /// to change an immutable link is refused here, before any ioctl, with the reason.
    /// The corresponding ioctl is `MEDIA_IOC_SETUP_LINK`.
    public func setup(_ request: LinkRequest) throws(MediaError) {
        let current = request.link.flags
        var flags = request.flags
        if current.contains(.immutable) { flags.insert(.immutable) }
        if current.contains(.immutable) && flags != current {
            throw MediaError(
                code: .invalidArgument, path: path, operation: IoctlRequest.setupLink.name,
                detail: "the link \(request.link.source.entityID):\(request.link.source.index) -> "
                    + "\(request.link.sink.entityID):\(request.link.sink.index) is immutable \(linkFlagsText(current))")
        }
        var requested = request.link
        requested.flags = flags
        try setupLink(requested)
    }
}

/// A subdev's pads as `-V` sets them and `--get-v4l2` reads them. `SubdevNode` is one.
public protocol SubdevPads {
    /// The corresponding ioctl is `VIDIOC_SUBDEV_S_FMT` (active); returns what the driver chose.
    func setFormat(_ format: FrameFormat, pad: UInt32) throws(MediaError) -> FrameFormat
    /// The corresponding ioctl is `VIDIOC_SUBDEV_S_SELECTION` (active).
    func setSelection(_ rectangle: Rectangle, target: UInt32, pad: UInt32) throws(MediaError) -> Rectangle
    /// The corresponding ioctl is `VIDIOC_SUBDEV_S_FRAME_INTERVAL`.
    func setFrameInterval(_ interval: Fraction, pad: UInt32) throws(MediaError) -> Fraction
    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_FMT` (active).
    func rawFormat(pad: UInt32) -> Result<v4l2_subdev_format, Errno>
    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_FRAME_INTERVAL`.
    func rawFrameInterval(pad: UInt32) -> Result<v4l2_subdev_frame_interval, Errno>
    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_SELECTION` (active).
    func rawSelection(pad: UInt32, target: UInt32) -> Result<v4l2_subdev_selection, Errno>
    /// The corresponding ioctl is `VIDIOC_SUBDEV_G_CROP` (active).
    func rawCrop(pad: UInt32) -> Result<v4l2_subdev_crop, Errno>
}

extension SubdevNode: SubdevPads {}

/// Opens subdev nodes for configuration.
public protocol SubdevOpening {
    func open(devnode: String) throws(MediaError) -> any SubdevPads
}

/// Opens the real nodes read-write, as media-ctl does.
public struct LiveSubdevOpener: SubdevOpening {
    public init() {}

    public func open(devnode: String) throws(MediaError) -> any SubdevPads {
        try SubdevNode(path: devnode, mode: .readWrite)
    }
}
