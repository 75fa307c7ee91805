/// The graph that specs are resolved against: the legacy view, which is what
/// SETUP_LINK and media-ctl address (entity ids, pad indices, forward links), with the
/// entities' device nodes and, from G_TOPOLOGY, their names beyond 31 characters.
public struct PipelineGraph: Sendable, Equatable {
    public var legacy: LegacyTopology
    /// Full entity names by id (`MEDIA_IOC_ENUM_ENTITIES` truncates to 31 characters).
    public var fullNames: [UInt32: String]

    public init(legacy: LegacyTopology, topology: Topology? = nil) {
        self.legacy = legacy
        var names: [UInt32: String] = [:]
        for entity in topology?.entities ?? [] { names[entity.id] = entity.name }
        self.fullNames = names
    }

    /// The graph of a snapshot (its legacy view must have been read).
    public init?(snapshot: MediaSnapshot) {
        guard let legacy = snapshot.legacy else { return nil }
        self.init(legacy: legacy, topology: snapshot.topology)
    }

    public func entity(id: UInt32) -> LegacyEntity? { legacy.entity(id: id) }

    /// The entity a spec means: by id, or by name (the full name, then the
    /// 31-character name media-ctl knows, compared byte for byte as `strcmp`).
    public func entity(_ reference: EntityReference) -> LegacyEntity? {
        switch reference {
        case .id(let id):
            return legacy.entity(id: id)
        case .name(let name):
            let bytes = Array(name.utf8)
            if let id = fullNames.first(where: { Array($0.value.utf8) == bytes })?.key, let entity = legacy.entity(id: id) {
                return entity
            }
            return legacy.entities.first { Array($0.name.utf8) == bytes }
        }
    }

    /// The name to show for an entity: its full name where known.
    public func name(of entityID: UInt32) -> String {
        fullNames[entityID] ?? legacy.entity(id: entityID)?.name ?? "entity \(entityID)"
    }

    /// Every data link once, at its source (the order of ENUM_LINKS, entity by entity).
    public var links: [LegacyLink] { legacy.entities.flatMap(\.links) }

    public func link(_ address: LinkAddress) -> LegacyLink? {
        links.first { LinkAddress($0) == address }
    }

    /// `"Scaler":0`.
    public func describe(_ pad: PadAddress) -> String {
        FormatSpecText.pad(entityName: name(of: pad.entityID), index: pad.index)
    }

    /// `"Debayer B":1 -> "Scaler":0`.
    public func describe(_ link: LinkAddress) -> String {
        "\(describe(link.source)) -> \(describe(link.sink))"
    }

    /// The graph after a link's flags changed, as media-ctl updates its copy after SETUP_LINK.
    public func updating(_ address: LinkAddress, flags: LinkFlags) -> PipelineGraph {
        var graph = self
        for entityIndex in graph.legacy.entities.indices {
            for linkIndex in graph.legacy.entities[entityIndex].links.indices
            where LinkAddress(graph.legacy.entities[entityIndex].links[linkIndex]) == address {
                graph.legacy.entities[entityIndex].links[linkIndex].flags = flags
            }
        }
        return graph
    }
}

/// `[ENABLED,IMMUTABLE]`, `[]`: link flags as media-ctl prints them.
public func linkFlagsText(_ flags: LinkFlags) -> String {
    "[\(flags.stateNames.joined(separator: ","))]"
}
