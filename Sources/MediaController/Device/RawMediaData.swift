public import CLinuxMedia

/// What `MEDIA_IOC_G_TOPOLOGY` returned, as the kernel's structures.
public struct RawTopology: @unchecked Sendable {
    public var version: UInt64
    public var entities: [media_v2_entity]
    public var interfaces: [media_v2_interface]
    public var pads: [media_v2_pad]
    public var links: [media_v2_link]

    public init(
        version: UInt64, entities: [media_v2_entity], interfaces: [media_v2_interface],
        pads: [media_v2_pad], links: [media_v2_link]
    ) {
        self.version = version
        self.entities = entities
        self.interfaces = interfaces
        self.pads = pads
        self.links = links
    }
}

/// What `MEDIA_IOC_ENUM_LINKS` returned for one entity.
public struct RawEntityLinks: @unchecked Sendable {
    public var pads: [media_pad_desc]
    public var links: [media_link_desc]

    public init(pads: [media_pad_desc], links: [media_link_desc]) {
        self.pads = pads
        self.links = links
    }
}

/// The raw answers of a media device: a live device or a recording of one.
/// Everything above this protocol is pure decoding, so it is tested from recordings.
public protocol MediaDataSource {
    /// The media device node.
    var path: String { get }
    /// The corresponding ioctl is `MEDIA_IOC_DEVICE_INFO`.
    func rawDeviceInfo() throws(MediaError) -> media_device_info
    /// `MEDIA_IOC_G_TOPOLOGY`, count and fill, repeated until the version is stable.
    func rawTopology() throws(MediaError) -> RawTopology
    /// `MEDIA_IOC_ENUM_ENTITIES` with `MEDIA_ENT_ID_FLAG_NEXT`, in id order.
    func rawEntities() throws(MediaError) -> [media_entity_desc]
    /// `MEDIA_IOC_ENUM_LINKS` for one entity.
    func rawLinks(of entity: media_entity_desc) throws(MediaError) -> RawEntityLinks
}

/// The raw state of one subdev pad; nil where the ioctl failed.
public struct RawSubdevPad: @unchecked Sendable {
    public var pad: UInt32
    public var format: v4l2_subdev_format?
    public var interval: v4l2_subdev_frame_interval?
    /// The `VIDIOC_SUBDEV_G_SELECTION` answers that succeeded, each naming its target
    /// (`V4L2_SEL_TGT_*`), four at most.
    public var selections: [v4l2_subdev_selection]

    public init(
        pad: UInt32, format: v4l2_subdev_format?, interval: v4l2_subdev_frame_interval?,
        selections: [v4l2_subdev_selection]
    ) {
        self.pad = pad
        self.format = format
        self.interval = interval
        self.selections = selections
    }

    /// The selection the kernel returned for `target`, if any.
    public func selection(target: UInt32) -> v4l2_subdev_selection? {
        selections.first { $0.target == target }
    }
}

/// Reads subdev pads through their device nodes; a recording in tests.
public protocol SubdevDataSource {
    /// The active state of `padCount` pads of the subdev at `devnode`; nil when it cannot be opened.
    func rawPads(devnode: String, padCount: Int) -> [RawSubdevPad]?
}

/// Maps a character device number to its device node path.
public protocol DevnodeResolving {
    func devnode(major: UInt32, minor: UInt32) -> String?
}
