package import CLinuxMedia

/// The raw answers of a media device: a live device or a recording of one.
/// Everything above this protocol is pure decoding, so it is tested from recordings.
package protocol MediaDataSource {
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

/// Reads subdev pads through their device nodes; a recording in tests.
package protocol SubdevDataSource {
    /// The active state of `padCount` pads of the subdev at `devnode`; nil when it cannot be opened.
    func rawPads(devnode: String, padCount: Int) -> [RawSubdevPad]?
    /// A streams subdev's routes and per-stream pad states; nil for any other subdev, on
    /// a kernel without the Streams API, or when the node cannot be opened.
    func rawStreams(devnode: String) -> RawSubdevStreams?
    /// Both of the above; a live source opens the node once for them.
    func rawSubdev(devnode: String, padCount: Int) -> (pads: [RawSubdevPad], streams: RawSubdevStreams?)?
}

extension SubdevDataSource {
    package func rawSubdev(devnode: String, padCount: Int) -> (pads: [RawSubdevPad], streams: RawSubdevStreams?)? {
        guard let pads = rawPads(devnode: devnode, padCount: padCount) else { return nil }
        return (pads, rawStreams(devnode: devnode))
    }
}

/// Maps a character device number to its device node path.
public protocol DevnodeResolving {
    func devnode(major: UInt32, minor: UInt32) -> String?
}
