package import CLinuxMedia
public import SystemPackage

/// An open media device node (`/dev/mediaN`). Closes its descriptor when released.
public final class MediaDevice: MediaDataSource, Sendable {
    private let node: NodeDescriptor
    public var path: String { node.path }
    /// The node's descriptor, for the ioctls of sibling targets; valid while this lives.
    package var fileDescriptor: FileDescriptor { node.fd }

    /// Opens a media device node. The corresponding C function is `open`.
    public init(path: String, mode: FileDescriptor.AccessMode = .readOnly) throws(MediaError) {
        node = try NodeDescriptor(path: path, mode: mode)
    }

    /// Issues an ioctl and turns a failure into a `MediaError` naming this node (also for
    /// the probes of Check).
    func call<Argument>(_ request: IoctlRequest, _ argument: inout Argument) throws(MediaError) {
        try node.call(request, &argument)
    }

    /// The corresponding ioctl is `MEDIA_IOC_DEVICE_INFO`: the ioctl into the caller's structure.
    package func rawDeviceInfo() throws(MediaError) -> media_device_info {
        var info = media_device_info()
        try call(.deviceInfo, &info)
        return info
    }

    /// The device's identity. The corresponding ioctl is `MEDIA_IOC_DEVICE_INFO`.
    public func deviceInfo() throws(MediaError) -> DeviceInfo {
        DeviceInfo(try rawDeviceInfo())
    }

    /// The graph. The corresponding ioctl is `MEDIA_IOC_G_TOPOLOGY`; falls back to
    /// `MEDIA_IOC_ENUM_ENTITIES`/`MEDIA_IOC_ENUM_LINKS` where it is missing (ENOTTY).
    public func topology() throws(MediaError) -> Topology {
        let mediaVersion = try rawDeviceInfo().media_version
        do throws(MediaError) {
            return Topology(try rawTopology(), mediaVersion: mediaVersion)
        } catch where error.errno == .inappropriateIOCTLForDevice && error.operation == IoctlRequest.getTopology.name {
            return Topology(legacy: try legacyTopology())
        }
    }

    /// The graph as the legacy ioctls report it (what media-ctl reads).
    public func legacyTopology() throws(MediaError) -> LegacyTopology {
        try LegacyTopology(reading: self)
    }

    package func rawTopology() throws(MediaError) -> RawTopology {
        for _ in 0..<16 {
            var counts = media_v2_topology()
            try call(.getTopology, &counts)
            // The kernel writes straight into the storage of the four arrays the result
            // holds: one zeroed allocation an array, as a C caller's four callocs, and
            // nothing copied.
            var filled = counts
            var entities = Array(repeatElement(media_v2_entity(), count: Int(counts.num_entities)))
            var interfaces = Array(repeatElement(media_v2_interface(), count: Int(counts.num_interfaces)))
            var pads = Array(repeatElement(media_v2_pad(), count: Int(counts.num_pads)))
            var links = Array(repeatElement(media_v2_link(), count: Int(counts.num_links)))
            let result = entities.withUnsafeMutableBufferPointer { entityBuffer in
                interfaces.withUnsafeMutableBufferPointer { interfaceBuffer in
                    pads.withUnsafeMutableBufferPointer { padBuffer in
                        links.withUnsafeMutableBufferPointer { linkBuffer in
                            filled.ptr_entities = userAddress(entityBuffer)
                            filled.ptr_interfaces = userAddress(interfaceBuffer)
                            filled.ptr_pads = userAddress(padBuffer)
                            filled.ptr_links = userAddress(linkBuffer)
                            return node.ioctl(.getTopology, &filled)
                        }
                    }
                }
            }
            switch result {
            case .failure(.noSpace):
                continue  // the graph grew between the two calls
            case .failure(let errno):
                throw MediaError.ioctl(.getTopology, path, errno)
            case .success:
                guard filled.topology_version == counts.topology_version else { continue }
                entities.keepFirst(filled.num_entities)
                interfaces.keepFirst(filled.num_interfaces)
                pads.keepFirst(filled.num_pads)
                links.keepFirst(filled.num_links)
                return RawTopology(
                    version: filled.topology_version, entities: entities, interfaces: interfaces, pads: pads,
                    links: links)
            }
        }
        throw MediaError(
            code: .timedOut, path: path, operation: IoctlRequest.getTopology.name,
            detail: "the topology kept changing over 16 attempts")
    }

    package func rawEntities() throws(MediaError) -> [media_entity_desc] {
        var entities: [media_entity_desc] = []
        var nextID: UInt32 = 0
        while true {
            var desc = media_entity_desc()
            desc.id = nextID | MEDIA_ENT_ID_FLAG_NEXT
            switch node.ioctl(.enumEntities, &desc) {
            case .failure(.invalidArgument):
                return entities  // no entity after nextID
            case .failure(let errno):
                throw MediaError.ioctl(.enumEntities, path, errno)
            case .success:
                entities.append(desc)
                nextID = desc.id
            }
        }
    }

    package func rawLinks(of entity: media_entity_desc) throws(MediaError) -> RawEntityLinks {
        // Zeroed arrays the kernel fills in place, as in rawTopology.
        var pads = Array(repeatElement(media_pad_desc(), count: Int(entity.pads)))
        var links = Array(repeatElement(media_link_desc(), count: Int(entity.links)))
        let result = pads.withUnsafeMutableBufferPointer { padBuffer in
            links.withUnsafeMutableBufferPointer { linkBuffer in
                var request = media_links_enum()
                request.entity = entity.id
                request.pads = padBuffer.baseAddress
                request.links = linkBuffer.baseAddress
                return node.ioctl(.enumLinks, &request)
            }
        }
        if case .failure(let errno) = result { throw MediaError.ioctl(.enumLinks, path, errno) }
        return RawEntityLinks(pads: pads, links: links)
    }

    /// Changes a link's flags. The corresponding ioctl is `MEDIA_IOC_SETUP_LINK`.
    public func setupLink(_ link: LegacyLink) throws(MediaError) {
        var desc = link.rawDescription
        try call(.setupLink, &desc)
    }

    /// Changes a link's flags as `desc` says, as it is (the checks hand it invalid ones);
    /// the errno when the kernel refused. The corresponding ioctl is `MEDIA_IOC_SETUP_LINK`.
    package func trySetupLink(_ desc: inout media_link_desc) -> Errno? {
        node.ioctl(.setupLink, &desc).failureValue
    }
}

/// The `__u64` user address the kernel writes an array to (0 for an empty one).
@inline(__always)
private func userAddress<Element>(_ buffer: UnsafeMutableBufferPointer<Element>) -> UInt64 {
    UInt64(UInt(bitPattern: buffer.baseAddress))
}

extension Array {
    /// Drops the elements past the first `count` (the kernel wrote fewer than there was room for).
    @inline(__always)
    fileprivate mutating func keepFirst(_ count: UInt32) {
        if Int(count) < self.count { removeSubrange(Int(count)...) }
    }
}
