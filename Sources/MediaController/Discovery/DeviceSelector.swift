/// Turns what a user typed after `-d` into one media device node.
///
/// Accepted, in this order: nothing (the first media device); a path (anything with
/// a `/`; a `/sys/...` path selects the device with that sysfs path or parent); a
/// number N of at most three digits (`/dev/mediaN`, as media-ctl); otherwise an exact
/// bus info, driver, model, serial, or bound device name (`vimc.0`). Several matches
/// are an error that lists them. `entity:NAME` (checked first, as names may hold a
/// `/`) selects the one media device that has an entity of that name.
public struct DeviceSelector {
    public var enumerator: any MediaNodeEnumerating
    /// Reads DEVICE_INFO of a node; nil when it cannot be opened.
    public var infoReader: (String) -> DeviceInfo?
    /// Reads the graph of a node, for `entity:NAME`; nil when it cannot be read.
    public var topologyReader: (String) -> Topology?

    /// The prefix of a selection by entity name: `entity:Scaler`.
    public static let entityPrefix = "entity:"

    public init(
        enumerator: any MediaNodeEnumerating, infoReader: @escaping (String) -> DeviceInfo?,
        topologyReader: @escaping (String) -> Topology? = { _ in nil }
    ) {
        self.enumerator = enumerator
        self.infoReader = infoReader
        self.topologyReader = topologyReader
    }

    /// The selector for this machine: udev (or sysfs) and real DEVICE_INFO and
    /// G_TOPOLOGY calls.
    public static func live() -> DeviceSelector {
        DeviceSelector(
            enumerator: defaultEnumerator(), infoReader: { path in try? MediaDevice(path: path).deviceInfo() },
            topologyReader: { path in try? MediaDevice(path: path).topology() })
    }

    public func resolve(_ specification: String?) throws(MediaError) -> String {
        guard let specification, !specification.isEmpty else {
            guard let first = try enumerator.mediaNodes().first else { throw noDevices() }
            return first.devnode
        }
        if specification.hasPrefix(Self.entityPrefix) {
            return try resolve(entityNamed: String(specification.dropFirst(Self.entityPrefix.count)), specification)
        }
        if specification.hasPrefix("/sys/") {
            let target = resolvedPath(specification) ?? specification
            let nodes = try enumerator.mediaNodes()
            let matches = nodes.filter { $0.sysPath == target || $0.parentSysPath == target }
            return try single(matches.map(\.devnode), for: specification, among: nodes)
        }
        if specification.contains("/") { return specification }
        if specification.count <= 3, specification.allSatisfy(\.isNumber) { return "/dev/media\(specification)" }
        let nodes = try enumerator.mediaNodes()
        if nodes.isEmpty { throw noDevices() }
        var matches: [String] = []
        for node in nodes {
            let info = infoReader(node.devnode)
            let names = [
                info?.busInfo, info?.driver, info?.model, info?.serial, node.parentName, node.parentDriver,
            ]
            if names.contains(where: { $0 == specification }) { matches.append(node.devnode) }
        }
        return try single(matches, for: specification, among: nodes)
    }

    /// The one media device with an entity called `name` (`Topology.entities(named:)`).
    private func resolve(entityNamed name: String, _ specification: String) throws(MediaError) -> String {
        guard !name.isEmpty else {
            throw MediaError(
                code: .invalidArgument, path: specification, operation: "select device",
                detail: "'\(Self.entityPrefix)' needs an entity name, as in \(Self.entityPrefix)Scaler")
        }
        let nodes = try enumerator.mediaNodes()
        if nodes.isEmpty { throw noDevices() }
        var holders: [String] = []
        var unreadable: [String] = []
        for node in nodes {
            guard let topology = topologyReader(node.devnode) else {
                unreadable.append(node.devnode)
                continue
            }
            if !topology.entities(named: name).isEmpty { holders.append(node.devnode) }
        }
        switch holders.count {
        case 1:
            return holders[0]
        case 0:
            let searched = nodes.map(\.devnode).filter { !unreadable.contains($0) }
            var detail = "no media device has an entity named '\(name)'"
            detail += searched.isEmpty ? "" : " (searched: \(searched.joined(separator: ", ")))"
            detail += unreadable.isEmpty ? "" : " (could not read: \(unreadable.joined(separator: ", ")))"
            throw MediaError(code: .deviceNotFound, path: specification, operation: "select device", detail: detail)
        default:
            let named = holders.map { devnode in
                infoReader(devnode).map { "\(devnode) (\($0.busInfo))" } ?? devnode
            }
            throw MediaError(
                code: .ambiguousDevice, path: specification, operation: "select device",
                detail: "an entity named '\(name)' is on \(holders.count) media devices: \(named.joined(separator: ", "))")
        }
    }

    private func single(_ matches: [String], for specification: String, among nodes: [MediaNode]) throws(MediaError)
        -> String
    {
        switch matches.count {
        case 1:
            return matches[0]
        case 0:
            let known = nodes.map(\.devnode).joined(separator: ", ")
            throw MediaError(
                code: .deviceNotFound, path: specification, operation: "select device",
                detail: "no media device matches '\(specification)'"
                    + (known.isEmpty ? "" : " (devices: \(known))"))
        default:
            throw MediaError(
                code: .ambiguousDevice, path: specification, operation: "select device",
                detail: "'\(specification)' matches \(matches.count) media devices: \(matches.joined(separator: ", "))")
        }
    }

    private func noDevices() -> MediaError {
        MediaError(
            code: .noMediaDevices, operation: "select device",
            detail: "no media devices found (\(enumerator.mechanism) lists none; is a driver such as vimc loaded?)")
    }
}
