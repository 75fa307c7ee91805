/// How one data link differs between two reads of the graph.
public struct LinkStateChange: Sendable, Equatable, Codable {
    public var link: LinkAddress
    /// The flags before; nil when the link did not exist.
    public var before: LinkFlags?
    /// The flags after; nil when the link is gone.
    public var after: LinkFlags?

    public init(link: LinkAddress, before: LinkFlags?, after: LinkFlags?) {
        self.link = link
        self.before = before
        self.after = after
    }
}

/// Compares the data links of two reads of the same device.
public enum LinkDiff {
    /// Every link whose flags differ, or that appeared or went away, in link order.
    public static func changes(from before: LegacyTopology, to after: LegacyTopology) -> [LinkStateChange] {
        let old = flagsByLink(before)
        let new = flagsByLink(after)
        return Set(old.keys).union(new.keys).sorted().compactMap { address in
            old[address] == new[address] ? nil : LinkStateChange(link: address, before: old[address], after: new[address])
        }
    }

    /// The flags of every forward link by its ends.
    public static func flagsByLink(_ topology: LegacyTopology) -> [LinkAddress: LinkFlags] {
        var result: [LinkAddress: LinkFlags] = [:]
        for entity in topology.entities {
            for link in entity.links { result[LinkAddress(link)] = link.flags }
        }
        return result
    }
}
