import CLinuxMedia

/// The `MEDIA_IOC_G_TOPOLOGY` checks of v4l2-compliance (`testMediaTopology`): ids,
/// names, functions, pads and links of the graph as the modern API reports it.
enum TopologyChecks {
    static let noTopology = "no MEDIA_IOC_G_TOPOLOGY on this kernel"

    /// Runs `body` on the G_TOPOLOGY answer; skips where the kernel has none.
    static func on(_ input: MediaCheckInput, _ body: (RawTopology) -> [String]) -> CheckOutcome {
        guard let topology = input.topology else { return .skip(noTopology) }
        return .from(body(topology))
    }

    /// `entity 5 "Debayer A"`.
    static func entityName(_ id: UInt32, in topology: RawTopology) -> String {
        guard let entity = topology.entities.first(where: { $0.id == id }) else { return "entity \(id)" }
        return "entity \(id) \"\(string(fromCArray: entity.name))\""
    }

    /// `0x01000002`.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Ids that are 0 or appear more than once.
    static func idProblems(_ ids: [UInt32], _ what: String) -> [String] {
        var seen = Set<UInt32>()
        var problems: [String] = []
        for id in ids {
            if id == 0 { problems.append("a \(what) has id 0") }
            if !seen.insert(id).inserted { problems.append("\(what) id \(hex(id)) appears more than once") }
        }
        return problems
    }

    // MARK: - Entities

    static func entityIDs(_ input: MediaCheckInput) -> CheckOutcome {
        on(input) { idProblems($0.entities.map(\.id), "entity") }
    }

    /// Names are terminated, not empty, and unique in their first 31 characters (what
    /// `MEDIA_IOC_ENUM_ENTITIES` can return).
    static func entityNames(_ input: MediaCheckInput) -> CheckOutcome {
        on(input) { topology in
            var seen: [String: UInt32] = [:]
            var problems: [String] = []
            for entity in topology.entities {
                guard isTerminated(entity.name) else {
                    problems.append("entity \(entity.id): the name is not NUL-terminated")
                    continue
                }
                let name = string(fromCArray: entity.name)
                if name.isEmpty { problems.append("entity \(entity.id) has an empty name") }
                let key = String(decoding: Array(name.utf8).prefix(31), as: UTF8.self)
                if let other = seen[key] {
                    problems.append("entities \(other) and \(entity.id) have the same name in 31 characters: \"\(key)\"")
                }
                seen[key] = seen[key] ?? entity.id
            }
            return problems
        }
    }

    /// What v4l2-compliance's `checkFunction` rejects; nil when the function is fine.
    static func functionProblem(_ function: UInt32, modernAPI: Bool) -> String? {
        let name = EntityFunction(rawValue: function).name
        if function == 0 { return "function is MEDIA_ENT_F_UNKNOWN" }
        if function & 0x00ff_0000 == 0x0001_0000, function != 0x0001_0001, function != 0x0001_ffff {
            return "function \(name) is an old device-node type other than V4L"
        }
        if function & 0x00ff_0000 == 0x0002_0000, function > 0x0002_0005 {
            return "function \(name) is beyond the old subdev types"
        }
        guard modernAPI else { return nil }
        if function == 0x0002_0000 { return "function is V4L2_SUBDEV_UNKNOWN, which G_TOPOLOGY must never report" }
        if function == 0x0001_ffff { return "function is DEVNODE_UNKNOWN, which G_TOPOLOGY must never report" }
        return nil
    }

    static func entityFunctions(_ input: MediaCheckInput) -> CheckOutcome {
        on(input) { topology in
            topology.entities.compactMap { entity in
                functionProblem(entity.function, modernAPI: true).map { "\(entityName(entity.id, in: topology)): \($0)" }
            }
        }
    }

    // MARK: - Interfaces

    /// Ids non-zero and unique, a known type range (DVB to ALSA), no flags.
    static func interfaceIDs(_ input: MediaCheckInput) -> CheckOutcome {
        on(input) { topology in
            var problems = idProblems(topology.interfaces.map(\.id), "interface")
            for interface in topology.interfaces {
                if !(0x100...0x3ff).contains(interface.intf_type) {
                    problems.append("interface \(hex(interface.id)) has type \(hex(interface.intf_type))")
                }
                if interface.flags != 0 {
                    problems.append("interface \(hex(interface.id)) has flags \(hex(interface.flags))")
                }
            }
            return problems
        }
    }

    // MARK: - Pads

    /// Ids non-zero and unique; each pad's entity exists.
    static func padIDs(_ input: MediaCheckInput) -> CheckOutcome {
        on(input) { topology in
            var problems = idProblems(topology.pads.map(\.id), "pad")
            let entities = Set(topology.entities.map(\.id))
            for pad in topology.pads where !entities.contains(pad.entity_id) {
                problems.append("pad \(hex(pad.id)) belongs to entity \(pad.entity_id), which does not exist")
            }
            return problems
        }
    }

    /// Exactly one of SINK and SOURCE.
    static func padFlagsProblem(_ flags: UInt32) -> String? {
        let direction = flags & UInt32(MEDIA_PAD_FL_SINK | MEDIA_PAD_FL_SOURCE)
        if direction == 0 { return "neither SINK nor SOURCE" }
        if direction == UInt32(MEDIA_PAD_FL_SINK | MEDIA_PAD_FL_SOURCE) { return "both SINK and SOURCE" }
        return nil
    }

    static func padFlags(_ input: MediaCheckInput) -> CheckOutcome {
        on(input) { topology in
            topology.pads.compactMap { pad in
                padFlagsProblem(pad.flags).map {
                    "pad \(hex(pad.id)) of \(entityName(pad.entity_id, in: topology)) is \($0)"
                }
            }
        }
    }

    /// Indices unique per entity and numbered 0 to n-1 (0 everywhere before the media
    /// API reported indices).
    static func padIndices(_ input: MediaCheckInput) -> CheckOutcome {
        let hasIndex = input.padsHaveIndex
        return on(input) { topology in
            var problems: [String] = []
            var byEntity: [UInt32: [UInt32]] = [:]
            for pad in topology.pads {
                guard hasIndex else {
                    if pad.index != 0 { problems.append("pad \(hex(pad.id)) has index \(pad.index) before the API had indices") }
                    continue
                }
                byEntity[pad.entity_id, default: []].append(pad.index)
            }
            for (entity, indices) in byEntity.sorted(by: { $0.key < $1.key }) {
                let sorted = indices.sorted()
                if sorted != Array(0..<UInt32(sorted.count)) {
                    let listed = sorted.map { $0 == UInt32.max ? "~0" : String($0) }.joined(separator: ",")
                    problems.append("\(entityName(entity, in: topology)) has pad indices \(listed), not 0 to \(sorted.count - 1)")
                }
            }
            return problems
        }
    }

    // MARK: - Links

    static func linkType(_ flags: UInt32) -> UInt32 { flags & 0xf000_0000 }

    /// Ids non-zero and unique; both ends set.
    static func linkIDs(_ input: MediaCheckInput) -> CheckOutcome {
        on(input) { topology in
            var problems = idProblems(topology.links.map(\.id), "link")
            for link in topology.links where link.source_id == 0 || link.sink_id == 0 {
                problems.append("link \(hex(link.id)) has an end with id 0")
            }
            return problems
        }
    }

    /// Data links join a SOURCE pad to a SINK pad of another pad; ancillary links join
    /// two entities; no other link type.
    static func linkEnds(_ input: MediaCheckInput) -> CheckOutcome {
        on(input) { topology in
            let pads = Dictionary(topology.pads.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let entities = Set(topology.entities.map(\.id))
            var problems: [String] = []
            for link in topology.links {
                let name = "link \(hex(link.id))"
                switch linkType(link.flags) {
                case UInt32(MEDIA_LNK_FL_DATA_LINK):
                    guard let source = pads[link.source_id] else {
                        problems.append("\(name): source pad \(hex(link.source_id)) does not exist")
                        continue
                    }
                    guard let sink = pads[link.sink_id] else {
                        problems.append("\(name): sink pad \(hex(link.sink_id)) does not exist")
                        continue
                    }
                    if link.source_id == link.sink_id { problems.append("\(name) links a pad to itself") }
                    if source.flags & UInt32(MEDIA_PAD_FL_SOURCE) == 0 {
                        problems.append("\(name) starts at pad \(hex(source.id)), which is not a SOURCE pad")
                    }
                    if sink.flags & UInt32(MEDIA_PAD_FL_SINK) == 0 {
                        problems.append("\(name) ends at pad \(hex(sink.id)), which is not a SINK pad")
                    }
                case UInt32(MEDIA_LNK_FL_ANCILLARY_LINK):
                    for end in [link.source_id, link.sink_id] where !entities.contains(end) {
                        problems.append("\(name) (ancillary): entity \(end) does not exist")
                    }
                case UInt32(MEDIA_LNK_FL_INTERFACE_LINK):
                    continue  // interfaceLinks
                default:
                    problems.append("\(name) has unknown link type \(hex(linkType(link.flags)))")
                }
            }
            return problems
        }
    }

    /// Functions whose entities must be reachable through an interface (`mi_func_requires_intf`).
    static let functionsNeedingInterface: Set<UInt32> = [0x0001_0001, 0x1002, 0x1003, 0x0001, 0x0002, 0x0003]

    /// Interface links go from an interface to an entity, and every entity with an I/O
    /// function (video, VBI, SDR, DVB) has one.
    static func interfaceLinks(_ input: MediaCheckInput) -> CheckOutcome {
        on(input) { topology in
            let interfaces = Set(topology.interfaces.map(\.id))
            let entities = Set(topology.entities.map(\.id))
            var linked = Set<UInt32>()
            var problems: [String] = []
            for link in topology.links where linkType(link.flags) == UInt32(MEDIA_LNK_FL_INTERFACE_LINK) {
                if !interfaces.contains(link.source_id) {
                    problems.append("interface link \(hex(link.id)) starts at \(hex(link.source_id)), which is not an interface")
                }
                if !entities.contains(link.sink_id) {
                    problems.append("interface link \(hex(link.id)) ends at \(hex(link.sink_id)), which is not an entity")
                }
                linked.insert(link.sink_id)
            }
            for entity in topology.entities
            where functionsNeedingInterface.contains(entity.function) && !linked.contains(entity.id) {
                problems.append("\(entityName(entity.id, in: topology)) (\(EntityFunction(rawValue: entity.function).name)) has no interface")
            }
            return problems
        }
    }

    /// IMMUTABLE implies ENABLED and excludes DYNAMIC, for data links of both APIs.
    static func linkFlagsProblem(_ flags: UInt32) -> String? {
        let immutable = flags & UInt32(MEDIA_LNK_FL_IMMUTABLE) != 0
        if immutable && flags & UInt32(MEDIA_LNK_FL_ENABLED) == 0 { return "IMMUTABLE but not ENABLED" }
        if immutable && flags & UInt32(MEDIA_LNK_FL_DYNAMIC) != 0 { return "both IMMUTABLE and DYNAMIC" }
        return nil
    }

    static func linkFlags(_ input: MediaCheckInput) -> CheckOutcome {
        var problems: [String] = []
        for link in input.topology?.links ?? [] where linkType(link.flags) == UInt32(MEDIA_LNK_FL_DATA_LINK) {
            if let problem = linkFlagsProblem(link.flags) { problems.append("link \(hex(link.id)) is \(problem)") }
        }
        for entity in input.entities {
            for link in input.links[entity.id]?.links ?? [] {
                if let problem = linkFlagsProblem(link.flags) {
                    problems.append(
                        "ENUM_LINKS \(link.source.entity):\(link.source.index) -> \(link.sink.entity):\(link.sink.index) is \(problem)")
                }
            }
        }
        return .from(problems)
    }

    /// At most one enabled data link ends at each sink pad.
    static func sinkPadEnabledLinks(_ input: MediaCheckInput) -> CheckOutcome {
        var enabledInto: [PadAddress: [String]] = [:]
        let legacy = input.legacy
        for link in legacy.entities.flatMap(\.links) where link.flags.contains(.enabled) {
            let name = legacy.entity(id: link.source.entityID)?.name ?? "entity \(link.source.entityID)"
            enabledInto[PadAddress(link.sink), default: []].append("\"\(name)\":\(link.source.index)")
        }
        let problems = enabledInto.sorted { $0.key < $1.key }.compactMap { pad, sources -> String? in
            guard sources.count > 1 else { return nil }
            let name = legacy.entity(id: pad.entityID)?.name ?? "entity \(pad.entityID)"
            return "\"\(name)\":\(pad.index) has \(sources.count) enabled incoming links, from \(sources.joined(separator: ", "))"
        }
        return .from(problems)
    }
}
