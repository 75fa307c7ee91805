import CLinuxMedia

/// The `MEDIA_IOC_ENUM_ENTITIES`/`MEDIA_IOC_ENUM_LINKS` checks of v4l2-compliance
/// (`testMediaEnum`), and the agreement of that legacy view with G_TOPOLOGY.
enum LegacyChecks {
    /// The `MEDIA_ENT_ID_FLAG_NEXT` walk gives strictly increasing non-zero ids; names
    /// are terminated; revision and group_id are 0; types are valid legacy types; at
    /// most one entity of each type has the DEFAULT flag.
    static func entities(_ input: MediaCheckInput) -> CheckOutcome {
        var problems: [String] = []
        var last: UInt32 = 0
        var defaults = Set<UInt32>()
        for entity in input.entities {
            let name = "entity \(entity.id)"
            if entity.id == 0 { problems.append("an entity has id 0") }
            if entity.id & MEDIA_ENT_ID_FLAG_NEXT != 0 { problems.append("\(name) has MEDIA_ENT_ID_FLAG_NEXT set") }
            if entity.id <= last && entity.id != 0 { problems.append("\(name) follows entity \(last): ids do not increase") }
            last = entity.id
            if !isTerminated(entity.name) { problems.append("\(name): the name is not NUL-terminated") }
            if entity.revision != 0 { problems.append("\(name) has revision \(entity.revision)") }
            if entity.group_id != 0 { problems.append("\(name) has group_id \(entity.group_id)") }
            if let problem = TopologyChecks.functionProblem(entity.type, modernAPI: false) {
                problems.append("\(name): type \(problem.replacingFunctionWord)")
            }
            if entity.flags & UInt32(MEDIA_ENT_FL_DEFAULT) != 0, !defaults.insert(entity.type).inserted {
                problems.append("\(name) is a second DEFAULT entity of type \(TopologyChecks.hex(entity.type))")
            }
        }
        if input.entities.isEmpty { problems.append("ENUM_ENTITIES returned no entity") }
        return .from(problems)
    }

    /// Each entity's ENUM_LINKS: as many pads as ENUM_ENTITIES said, each of that entity
    /// and either SINK or SOURCE; data links only, none to itself, pad indices in range
    /// at both ends, the remote entity known.
    static func links(_ input: MediaCheckInput) -> CheckOutcome {
        var problems: [String] = []
        let byID = Dictionary(input.entities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for entity in input.entities {
            let name = "entity \(entity.id)"
            guard let answer = input.links[entity.id] else {
                problems.append("\(name): no ENUM_LINKS answer")
                continue
            }
            if answer.pads.count != Int(entity.pads) {
                problems.append("\(name): ENUM_LINKS gave \(answer.pads.count) pads, ENUM_ENTITIES says \(entity.pads)")
            }
            for pad in answer.pads {
                if pad.entity != entity.id { problems.append("\(name): pad \(pad.index) claims entity \(pad.entity)") }
                if let problem = TopologyChecks.padFlagsProblem(pad.flags) {
                    problems.append("\(name): pad \(pad.index) is \(problem)")
                }
            }
            for link in answer.links {
                let text = "\(link.source.entity):\(link.source.index) -> \(link.sink.entity):\(link.sink.index)"
                if link.source.entity != entity.id && link.sink.entity != entity.id {
                    problems.append("\(name): link \(text) does not touch the entity")
                }
                if TopologyChecks.linkType(link.flags) != UInt32(MEDIA_LNK_FL_DATA_LINK) {
                    problems.append("\(name): link \(text) is not a data link")
                }
                if link.source.entity == link.sink.entity { problems.append("\(name): link \(text) links the entity to itself") }
                for end in [link.source, link.sink] {
                    guard let owner = byID[end.entity] else {
                        problems.append("\(name): link \(text) reaches entity \(end.entity), which does not exist")
                        continue
                    }
                    if end.index >= owner.pads {
                        problems.append("\(name): link \(text) uses pad \(end.index) of entity \(end.entity), which has \(owner.pads)")
                    }
                }
            }
        }
        return .from(problems)
    }

    /// G_TOPOLOGY and ENUM_ENTITIES/ENUM_LINKS describe the same entities (ids, names
    /// in 31 characters, pads with their flags) and the same data links with the same flags.
    static func matchesTopology(_ input: MediaCheckInput) -> CheckOutcome {
        guard let raw = input.topology else { return .skip(TopologyChecks.noTopology) }
        let modern = Topology(raw, mediaVersion: input.mediaVersion)
        let legacy = input.legacy
        var problems: [String] = []
        let modernIDs = modern.entities.map(\.id).sorted()
        let legacyIDs = legacy.entities.map(\.id).sorted()
        if modernIDs != legacyIDs {
            problems.append("G_TOPOLOGY has entities \(modernIDs), ENUM_ENTITIES \(legacyIDs)")
        }
        for entity in legacy.entities {
            guard let other = modern.entity(id: entity.id) else { continue }
            let truncated = String(decoding: Array(other.name.utf8).prefix(31), as: UTF8.self)
            if truncated != entity.name {
                problems.append("entity \(entity.id) is \"\(other.name)\" in G_TOPOLOGY, \"\(entity.name)\" in ENUM_ENTITIES")
            }
            let pads = modern.pads(of: entity.id)
            if pads.count != Int(entity.padCount) {
                problems.append("entity \(entity.id) has \(pads.count) pads in G_TOPOLOGY, \(entity.padCount) in ENUM_ENTITIES")
            } else if input.padsHaveIndex {
                for pad in pads {
                    let legacyPad = entity.pads.first { UInt32($0.index) == pad.index }
                    if legacyPad?.flags != pad.flags {
                        problems.append("entity \(entity.id) pad \(pad.index ?? 0) has different flags in the two APIs")
                    }
                }
            }
        }
        func describe(_ flags: [String: LinkFlags]) -> [String] { flags.map { "\($0.key) \($0.value.stateNames)" }.sorted() }
        var modernLinks: [String: LinkFlags] = [:]
        for link in modern.dataLinks {
            guard let source = modern.pad(id: link.sourceID), let sink = modern.pad(id: link.sinkID) else { continue }
            modernLinks["\(source.entityID):\(source.index ?? 0)->\(sink.entityID):\(sink.index ?? 0)"] = link.flags
        }
        var legacyLinks: [String: LinkFlags] = [:]
        for link in legacy.entities.flatMap(\.links) {
            legacyLinks["\(link.source.entityID):\(link.source.index)->\(link.sink.entityID):\(link.sink.index)"] = link.flags
        }
        let linkCount = legacy.entities.reduce(0) { $0 + Int($1.linkCount) }
        if linkCount != modern.dataLinks.count {
            problems.append("ENUM_ENTITIES counts \(linkCount) links, G_TOPOLOGY has \(modern.dataLinks.count) data links")
        }
        if input.padsHaveIndex, describe(modernLinks) != describe(legacyLinks) {
            let onlyModern = Set(describe(modernLinks)).subtracting(describe(legacyLinks)).sorted()
            let onlyLegacy = Set(describe(legacyLinks)).subtracting(describe(modernLinks)).sorted()
            problems.append(
                "the data links differ: only in G_TOPOLOGY \(onlyModern), only in ENUM_LINKS \(onlyLegacy)")
        }
        return .from(problems)
    }
}

extension String {
    /// "function X ..." reads "type X ..." for the legacy API.
    fileprivate var replacingFunctionWord: String {
        hasPrefix("function ") ? String(dropFirst("function ".count)) : self
    }
}
