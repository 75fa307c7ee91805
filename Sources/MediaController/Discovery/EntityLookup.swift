extension MediaSnapshot {
    /// The one entity `name` means on this device (`Topology.entities(named:)`: the full
    /// name, else the 31-character name media-ctl shows).
    ///
    /// Throws `entityNotFound` naming the device's entities when none has that name, and
    /// `ambiguousEntity` naming the ids when several have.
    public func entity(named name: String) throws(MediaError) -> Entity {
        let matches = topology.entities(named: name)
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            let known = topology.entities.sorted { $0.id < $1.id }.map { "\"\($0.name)\"" }.joined(separator: ", ")
            throw MediaError(
                code: .entityNotFound, path: devnode, operation: "find entity",
                detail: "no entity named '\(name)'" + (known.isEmpty ? " (the device has no entities)" : " (entities: \(known))"))
        default:
            let ids = matches.map { String($0.id) }.joined(separator: ", ")
            throw MediaError(
                code: .ambiguousEntity, path: devnode, operation: "find entity",
                detail: "'\(name)' names \(matches.count) entities: ids \(ids) (give the full name)")
        }
    }

    /// The device node of the entity `name` means (`media-ctl -e NAME`).
    ///
    /// Throws as `entity(named:)`, and `noDeviceNode` when the entity has none (where
    /// media-ctl prints nothing and exits 0).
    public func devnode(ofEntityNamed name: String) throws(MediaError) -> String {
        let entity = try entity(named: name)
        guard let node = devnode(of: entity.id) else {
            throw MediaError(
                code: .noDeviceNode, path: devnode, operation: "find entity",
                detail: "entity '\(entity.name)' has no device node")
        }
        return node
    }
}
