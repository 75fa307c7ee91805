import MediaController
import Testing

@testable import MediaStress

@Suite struct TopologyShapeTests {
    /// A two-entity graph: a sensor linked to a capture node; ids given by `base`.
    static func graph(base: UInt32, linkFlags: LinkFlags = [.enabled, .immutable]) -> Topology {
        Topology(
            version: UInt64(base),
            entities: [
                Entity(id: base + 1, name: "Sensor A", function: .cameraSensor, flags: []),
                Entity(id: base + 2, name: "Raw Capture 0", function: .ioV4L, flags: []),
            ],
            interfaces: [Interface(id: base + 10, type: .v4lVideo, flags: 0, major: 81, minor: 0)],
            pads: [
                Pad(id: base + 3, entityID: base + 1, flags: .source, index: 0),
                Pad(id: base + 4, entityID: base + 2, flags: .sink, index: 0),
            ],
            links: [
                Link(id: base + 5, sourceID: base + 3, sinkID: base + 4, flags: linkFlags),
                Link(id: base + 11, sourceID: base + 10, sinkID: base + 2, flags: [.enabled, .immutable, .interfaceLink]),
            ])
    }

    @Test func idsAndVersionsMayChangeAcrossRebind() {
        #expect(TopologyShape(Self.graph(base: 0)) == TopologyShape(Self.graph(base: 100)))
    }

    @Test func aChangedLinkIsADifference() {
        let before = TopologyShape(Self.graph(base: 0))
        let after = TopologyShape(Self.graph(base: 0, linkFlags: [.enabled]))
        #expect(before != after)
        #expect(after.difference(from: before) == [
            "+ link Sensor A:0 -> Raw Capture 0:0 [ENABLED]",
            "- link Sensor A:0 -> Raw Capture 0:0 [ENABLED,IMMUTABLE]",
        ])
    }

    @Test func mutableLinkStateIsConfigurationButImmutableFlagsAreNot() {
        let configured = TopologyShape(Self.graph(base: 0, linkFlags: [.enabled]))
        let defaults = TopologyShape(Self.graph(base: 100, linkFlags: []))
        #expect(configured != defaults)
        #expect(configured.withoutMutableLinkState == defaults.withoutMutableLinkState)
        #expect(configured.withoutMutableLinkState.lines.contains("link Sensor A:0 -> Raw Capture 0:0 [mutable]"))
        // A link that lost IMMUTABLE is still a difference.
        let immutable = TopologyShape(Self.graph(base: 0))
        #expect(immutable.withoutMutableLinkState != configured.withoutMutableLinkState)
    }
}
