/// The graph of a media device as `MEDIA_IOC_G_TOPOLOGY` reports it:
/// plain values, no file descriptors, so it can be saved and rendered anywhere.
public struct Topology: Sendable, Codable, Equatable {
    /// Incremented by the kernel whenever the graph changes.
    public var version: UInt64
    public var entities: [Entity]
    public var interfaces: [Interface]
    public var pads: [Pad]
    public var links: [Link]

    public init(version: UInt64, entities: [Entity], interfaces: [Interface], pads: [Pad], links: [Link]) {
        self.version = version
        self.entities = entities
        self.interfaces = interfaces
        self.pads = pads
        self.links = links
    }

    public func entity(id: UInt32) -> Entity? { entities.first { $0.id == id } }
    public func entity(named name: String) -> Entity? { entities.first { $0.name == name } }
    public func pad(id: UInt32) -> Pad? { pads.first { $0.id == id } }
    public func interface(id: UInt32) -> Interface? { interfaces.first { $0.id == id } }

    /// The pads of an entity, in index order.
    public func pads(of entityID: UInt32) -> [Pad] {
        pads.filter { $0.entityID == entityID }.sorted { ($0.index ?? 0, $0.id) < ($1.index ?? 0, $1.id) }
    }

    public var dataLinks: [Link] { links.filter { $0.kind == .data } }
    public var interfaceLinks: [Link] { links.filter { $0.kind == .interface } }
    public var ancillaryLinks: [Link] { links.filter { $0.kind == .ancillary } }

    /// The interfaces linked to an entity (its device nodes).
    public func interfaces(of entityID: UInt32) -> [Interface] {
        interfaceLinks.filter { $0.sinkID == entityID }.compactMap { interface(id: $0.sourceID) }
    }
}

/// A graph node: a sensor, a scaler, a DMA engine ...
public struct Entity: Sendable, Codable, Equatable {
    public var id: UInt32
    public var name: String
    public var function: EntityFunction
    public var flags: EntityFlags

    public init(id: UInt32, name: String, function: EntityFunction, flags: EntityFlags) {
        self.id = id
        self.name = name
        self.function = function
        self.flags = flags
    }
}

/// A device node through which user space reaches entities.
public struct Interface: Sendable, Codable, Equatable {
    public var id: UInt32
    public var type: InterfaceType
    public var flags: UInt32
    public var major: UInt32
    public var minor: UInt32
    /// The device node path, resolved through udev or sysfs; nil when not found.
    public var devnode: String?

    public init(id: UInt32, type: InterfaceType, flags: UInt32, major: UInt32, minor: UInt32, devnode: String? = nil) {
        self.id = id
        self.type = type
        self.flags = flags
        self.major = major
        self.minor = minor
        self.devnode = devnode
    }
}

/// A connection point of an entity.
public struct Pad: Sendable, Codable, Equatable {
    public var id: UInt32
    public var entityID: UInt32
    public var flags: PadFlags
    /// The pad index; nil on kernels older than the media API that reports it.
    public var index: UInt32?

    public init(id: UInt32, entityID: UInt32, flags: PadFlags, index: UInt32?) {
        self.id = id
        self.entityID = entityID
        self.flags = flags
        self.index = index
    }
}

/// A link: pad to pad (data), interface to entity, or entity to entity (ancillary).
public struct Link: Sendable, Codable, Equatable {
    public var id: UInt32
    /// A pad id (data links), an interface id (interface links) or an entity id (ancillary).
    public var sourceID: UInt32
    /// A pad id (data links) or an entity id (interface and ancillary links).
    public var sinkID: UInt32
    public var flags: LinkFlags

    public init(id: UInt32, sourceID: UInt32, sinkID: UInt32, flags: LinkFlags) {
        self.id = id
        self.sourceID = sourceID
        self.sinkID = sinkID
        self.flags = flags
    }

    public var kind: LinkKind { LinkKind(flags: flags) }
}

/// The three link types of the media API.
public enum LinkKind: String, Sendable, Codable, Equatable {
    case data, interface, ancillary, unknown

    init(flags: LinkFlags) {
        switch flags.rawValue & 0xf000_0000 {
        case 0: self = .data
        case 0x1000_0000: self = .interface
        case 0x2000_0000: self = .ancillary
        default: self = .unknown
        }
    }
}
