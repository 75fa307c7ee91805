import SystemPackage

/// Reads everything about one media device into a `MediaSnapshot`: DEVICE_INFO,
/// G_TOPOLOGY (or the legacy fallback), the legacy view, device nodes and subdev pads.
public struct SnapshotReader {
    public var devnodes: any DevnodeResolving
    package var subdevs: any SubdevDataSource
    /// Read the legacy view too (what media-ctl shows); costs one ioctl per entity.
    public var includeLegacy: Bool
    /// Read subdev pad formats through the subdev nodes.
    public var includeSubdevFormats: Bool
    /// Read G_TOPOLOGY. When false and the legacy view is read, the graph is built from
    /// the legacy view alone: the ioctls media-ctl itself issues, for its output.
    public var includeTopology: Bool

    /// Reads subdev pads through their device nodes.
    public init(
        devnodes: any DevnodeResolving, includeLegacy: Bool = true, includeSubdevFormats: Bool = true,
        includeTopology: Bool = true
    ) {
        self.init(
            devnodes: devnodes, subdevs: LiveSubdevSource(), includeLegacy: includeLegacy,
            includeSubdevFormats: includeSubdevFormats, includeTopology: includeTopology)
    }

    /// Reads subdev pads from `subdevs` (a recording, in tests).
    package init(
        devnodes: any DevnodeResolving, subdevs: any SubdevDataSource,
        includeLegacy: Bool = true, includeSubdevFormats: Bool = true, includeTopology: Bool = true
    ) {
        self.devnodes = devnodes
        self.subdevs = subdevs
        self.includeLegacy = includeLegacy
        self.includeSubdevFormats = includeSubdevFormats
        self.includeTopology = includeTopology || !includeLegacy
    }

    /// Everything about an open media device.
    public func read(_ device: MediaDevice) throws(MediaError) -> MediaSnapshot {
        try read(source: device)
    }

    /// Everything about a live device or a recording of one.
    package func read(source: some MediaDataSource) throws(MediaError) -> MediaSnapshot {
        let info = DeviceInfo(try source.rawDeviceInfo())
        let legacy = includeLegacy ? try LegacyTopology(reading: source) : nil
        var topology: Topology
        do throws(MediaError) {
            if !includeTopology, let legacy {
                topology = Topology(legacy: legacy)
            } else {
                topology = Topology(try source.rawTopology(), mediaVersion: info.mediaVersion)
            }
        } catch where error.errno == .inappropriateIOCTLForDevice {
            // No G_TOPOLOGY on this kernel: build the graph from the legacy view.
            if let legacy {
                topology = Topology(legacy: legacy)
            } else {
                topology = Topology(legacy: try LegacyTopology(reading: source))
            }
        }
        // Interfaces and legacy entities name the same device numbers: look each up once
        // (a node that does not resolve is remembered as nil).
        var resolved: [ResolvedDevnode] = []
        func devnode(major: UInt32, minor: UInt32) -> String? {
            let number = UInt64(major) << 32 | UInt64(minor)
            if let known = resolved.first(where: { $0.number == number }) { return known.path }
            let path = devnodes.devnode(major: major, minor: minor)
            resolved.append(ResolvedDevnode(number: number, path: path))
            return path
        }
        for index in topology.interfaces.indices {
            let interface = topology.interfaces[index]
            topology.interfaces[index].devnode = devnode(major: interface.major, minor: interface.minor)
        }
        var legacyWithNodes = legacy
        var subdevStates: [SubdevState] = []
        for (index, entity) in (legacy?.entities ?? []).enumerated() where entity.major != 0 || entity.minor != 0 {
            guard let devnode = devnode(major: entity.major, minor: entity.minor) else { continue }
            legacyWithNodes?.entities[index].devnode = devnode
            if includeSubdevFormats, entity.isSubdev, entity.padCount > 0,
                let (pads, streams) = subdevs.rawSubdev(devnode: devnode, padCount: Int(entity.padCount))
            {
                subdevStates.append(
                    SubdevState(
                        entityID: entity.id, devnode: devnode, pads: pads.map(SubdevPadState.init),
                        routes: streams?.routes.map(SubdevRoute.init), streams: streams?.pads.map(SubdevPadState.init)))
            }
        }
        return MediaSnapshot(
            devnode: source.path, info: info, topology: topology, legacy: legacyWithNodes, subdevs: subdevStates)
    }
}

/// A device number (major << 32 | minor) and the node it resolved to.
private struct ResolvedDevnode {
    let number: UInt64
    let path: String?
}
