/// Which SETUP_LINK calls reset a graph or bring it back to an earlier state.
public enum LinkPlans {
    /// `media-ctl -r`: every enabled link that is not immutable, to be disabled with its
    /// other flags kept (media-ctl sends `flags & ~ENABLED`, DYNAMIC and unknown bits
    /// included). media-ctl also sends SETUP_LINK for links that are already disabled;
    /// those are left out here, since the kernel does nothing for them.
    public static func reset(_ topology: LegacyTopology) -> [LinkRequest] {
        topology.entities.flatMap(\.links).compactMap { link in
            guard link.flags.contains(.enabled), !link.flags.contains(.immutable) else { return nil }
            return LinkRequest(link: link, flags: link.flags.subtracting(.enabled))
        }
    }

    /// The calls that give every mutable link of `current` the ENABLED bit it had in
    /// `saved`: disabling first, then enabling, so a driver that allows one enabled
    /// link per sink pad never sees two at once. Links missing from either side and
    /// immutable links are left alone.
    public static func restore(_ current: LegacyTopology, to saved: LegacyTopology) -> [LinkRequest] {
        let wanted = LinkDiff.flagsByLink(saved)
        var disable: [LinkRequest] = []
        var enable: [LinkRequest] = []
        for link in current.entities.flatMap(\.links) {
            guard let old = wanted[LinkAddress(link)], !link.flags.contains(.immutable),
                old.contains(.enabled) != link.flags.contains(.enabled)
            else { continue }
            if old.contains(.enabled) {
                enable.append(LinkRequest(link: link, flags: link.flags.union(.enabled)))
            } else {
                disable.append(LinkRequest(link: link, flags: link.flags.subtracting(.enabled)))
            }
        }
        return disable + enable
    }
}
