/// A pad by what `MEDIA_IOC_SETUP_LINK` and the subdev ioctls address: entity id and index.
public struct PadAddress: Sendable, Hashable, Codable, Comparable {
    public var entityID: UInt32
    public var index: UInt16

    public init(entityID: UInt32, index: UInt16) {
        self.entityID = entityID
        self.index = index
    }

    public init(_ pad: LegacyPad) { self.init(entityID: pad.entityID, index: pad.index) }

    public static func < (lhs: PadAddress, rhs: PadAddress) -> Bool {
        (lhs.entityID, lhs.index) < (rhs.entityID, rhs.index)
    }
}

/// A data link by its two ends (what identifies it across topology reads).
public struct LinkAddress: Sendable, Hashable, Codable, Comparable {
    public var source: PadAddress
    public var sink: PadAddress

    public init(source: PadAddress, sink: PadAddress) {
        self.source = source
        self.sink = sink
    }

    public init(_ link: LegacyLink) { self.init(source: PadAddress(link.source), sink: PadAddress(link.sink)) }

    public static func < (lhs: LinkAddress, rhs: LinkAddress) -> Bool {
        (lhs.source, lhs.sink) < (rhs.source, rhs.sink)
    }
}
