package import CLinuxMedia

/// What `MEDIA_IOC_G_TOPOLOGY` returned, as the kernel's structures.
package struct RawTopology: @unchecked Sendable {
    public var version: UInt64
    package var entities: [media_v2_entity]
    package var interfaces: [media_v2_interface]
    package var pads: [media_v2_pad]
    package var links: [media_v2_link]

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
package struct RawEntityLinks: @unchecked Sendable {
    package var pads: [media_pad_desc]
    package var links: [media_link_desc]

    package init(pads: [media_pad_desc], links: [media_link_desc]) {
        self.pads = pads
        self.links = links
    }
}


/// The raw state of one subdev pad; nil where the ioctl failed.
package struct RawSubdevPad: @unchecked Sendable {
    public var pad: UInt32
    /// The stream read, on a streams subdev; nil for stream 0 read without the capability.
    public var stream: UInt32?
    package var format: v4l2_subdev_format?
    package var interval: v4l2_subdev_frame_interval?
    /// The `VIDIOC_SUBDEV_G_SELECTION` answers that succeeded, each naming its target
    /// (`V4L2_SEL_TGT_*`), four at most.
    package var selections: [v4l2_subdev_selection]

    public init(
        pad: UInt32, stream: UInt32? = nil, format: v4l2_subdev_format?, interval: v4l2_subdev_frame_interval?,
        selections: [v4l2_subdev_selection]
    ) {
        self.pad = pad
        self.stream = stream
        self.format = format
        self.interval = interval
        self.selections = selections
    }

    /// The selection the kernel returned for `target`, if any.
    package func selection(target: UInt32) -> v4l2_subdev_selection? {
        selections.first { $0.target == target }
    }
}
