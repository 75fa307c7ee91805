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
