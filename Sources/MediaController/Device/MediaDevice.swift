public import CLinuxMedia
public import SystemPackage

/// An open media device node (`/dev/mediaN`). Closes its descriptor when released.
public final class MediaDevice: MediaDataSource, Sendable {
    public let path: String
    public let fileDescriptor: FileDescriptor

    /// Opens a media device node. The corresponding C function is `open`.
    public init(path: String, mode: FileDescriptor.AccessMode = .readOnly) throws(MediaError) {
        fileDescriptor = try openDeviceNode(path, mode)
        self.path = path
    }

    deinit {
        try? fileDescriptor.close()
    }

    /// Issues an ioctl and turns a failure into a `MediaError`.
    @inline(__always)
    func call<Argument>(_ request: IoctlRequest, _ argument: inout Argument) throws(MediaError) {
        if case .failure(let errno) = systemIoctl(fileDescriptor, request, &argument) {
            throw MediaError.ioctl(request, path, errno)
        }
    }

    /// The corresponding ioctl is `MEDIA_IOC_DEVICE_INFO`.
    public func rawDeviceInfo() throws(MediaError) -> media_device_info {
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

    public func rawTopology() throws(MediaError) -> RawTopology {
        for _ in 0..<16 {
            var counts = media_v2_topology()
            try call(.getTopology, &counts)
            // The kernel fills one zeroed scratch block; typed arrays are then copied out of
            // it. Allocating `[media_v2_entity](repeating:count:)` directly goes through the
            // standard library's unspecialized allocator, which looks the array storage type
            // up in the runtime's metadata cache on every call (about 800 instructions an
            // array); `Array(UnsafeBufferPointer)` is specialized here and does not.
            let scratch = TopologyScratch(counts)
            defer { scratch.deallocate() }
            var filled = counts
            filled.ptr_entities = scratch.address(of: media_v2_entity.self, at: scratch.entities)
            filled.ptr_interfaces = scratch.address(of: media_v2_interface.self, at: scratch.interfaces)
            filled.ptr_pads = scratch.address(of: media_v2_pad.self, at: scratch.pads)
            filled.ptr_links = scratch.address(of: media_v2_link.self, at: scratch.links)
            switch systemIoctl(fileDescriptor, .getTopology, &filled) {
            case .failure(.noSpace):
                continue  // the graph grew between the two calls
            case .failure(let errno):
                throw MediaError.ioctl(.getTopology, path, errno)
            case .success:
                guard filled.topology_version == counts.topology_version else { continue }
                return RawTopology(
                    version: filled.topology_version,
                    entities: scratch.array(of: media_v2_entity.self, at: scratch.entities, count: filled.num_entities),
                    interfaces: scratch.array(
                        of: media_v2_interface.self, at: scratch.interfaces, count: filled.num_interfaces),
                    pads: scratch.array(of: media_v2_pad.self, at: scratch.pads, count: filled.num_pads),
                    links: scratch.array(of: media_v2_link.self, at: scratch.links, count: filled.num_links))
            }
        }
        throw MediaError(
            code: .timedOut, path: path, operation: IoctlRequest.getTopology.name,
            detail: "the topology kept changing over 16 attempts")
    }

    public func rawEntities() throws(MediaError) -> [media_entity_desc] {
        var entities: [media_entity_desc] = []
        var nextID: UInt32 = 0
        while true {
            var desc = media_entity_desc()
            desc.id = nextID | MEDIA_ENT_ID_FLAG_NEXT
            switch systemIoctl(fileDescriptor, .enumEntities, &desc) {
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

    public func rawLinks(of entity: media_entity_desc) throws(MediaError) -> RawEntityLinks {
        var pads = [media_pad_desc](repeating: media_pad_desc(), count: Int(entity.pads))
        var links = [media_link_desc](repeating: media_link_desc(), count: Int(entity.links))
        let result = pads.withUnsafeMutableBufferPointer { padBuffer in
            links.withUnsafeMutableBufferPointer { linkBuffer in
                var request = media_links_enum()
                request.entity = entity.id
                request.pads = padBuffer.baseAddress
                request.links = linkBuffer.baseAddress
                return systemIoctl(fileDescriptor, .enumLinks, &request)
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

    /// Allocates a request; the caller owns the returned descriptor.
    /// The corresponding ioctl is `MEDIA_IOC_REQUEST_ALLOC`.
    public func allocateRequest() throws(MediaError) -> FileDescriptor {
        var requestFD: Int32 = -1
        try call(.requestAlloc, &requestFD)
        return FileDescriptor(rawValue: requestFD)
    }
}

/// One zeroed allocation holding the four arrays `MEDIA_IOC_G_TOPOLOGY` fills, each at
/// an offset aligned for its element type, with room for the counted number of elements.
private struct TopologyScratch {
    /// Offset and capacity (in elements) of each array.
    let entities: (offset: Int, capacity: Int)
    let interfaces: (offset: Int, capacity: Int)
    let pads: (offset: Int, capacity: Int)
    let links: (offset: Int, capacity: Int)
    let base: UnsafeMutableRawPointer

    @inline(__always)
    init(_ counts: media_v2_topology) {
        var size = 0
        func place<Element>(_: Element.Type, _ count: UInt32) -> (offset: Int, capacity: Int) {
            let offset = (size + 15) & ~15
            size = offset + MemoryLayout<Element>.stride * Int(count)
            return (offset, Int(count))
        }
        entities = place(media_v2_entity.self, counts.num_entities)
        interfaces = place(media_v2_interface.self, counts.num_interfaces)
        pads = place(media_v2_pad.self, counts.num_pads)
        links = place(media_v2_link.self, counts.num_links)
        base = UnsafeMutableRawPointer.allocate(byteCount: max(size, 16), alignment: 16)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: max(size, 16))
    }

    /// The `__u64` address the kernel writes an array to.
    @inline(__always)
    func address<Element>(of _: Element.Type, at slot: (offset: Int, capacity: Int)) -> UInt64 {
        UInt64(UInt(bitPattern: base + slot.offset))
    }

    /// The first `count` elements of an array as the kernel filled them (never more than its capacity).
    @inline(__always)
    func array<Element>(of _: Element.Type, at slot: (offset: Int, capacity: Int), count: UInt32) -> [Element] {
        let elements = (base + slot.offset).bindMemory(to: Element.self, capacity: slot.capacity)
        return Array(UnsafeBufferPointer(start: elements, count: min(Int(count), slot.capacity)))
    }

    func deallocate() { base.deallocate() }
}
