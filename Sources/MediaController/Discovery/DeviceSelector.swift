/// Turns what a user typed after `-d` into one media device node.
///
/// Accepted, in this order: nothing (the first media device); a path (anything with
/// a `/`; a `/sys/...` path selects the device with that sysfs path or parent); a
/// number N of at most three digits (`/dev/mediaN`, as media-ctl); otherwise an exact
/// bus info, driver, model, serial, or bound device name (`vimc.0`). Several matches
/// are an error that lists them.
public struct DeviceSelector {
    public var enumerator: any MediaNodeEnumerating
    /// Reads DEVICE_INFO of a node; nil when it cannot be opened.
    public var infoReader: (String) -> DeviceInfo?

    public init(enumerator: any MediaNodeEnumerating, infoReader: @escaping (String) -> DeviceInfo?) {
        self.enumerator = enumerator
        self.infoReader = infoReader
    }

    /// The selector for this machine: udev (or sysfs) and real DEVICE_INFO calls.
    public static func live() -> DeviceSelector {
        DeviceSelector(enumerator: defaultEnumerator()) { path in
            try? MediaDevice(path: path).deviceInfo()
        }
    }

    public func resolve(_ specification: String?) throws(MediaError) -> String {
        guard let specification, !specification.isEmpty else {
            guard let first = try enumerator.mediaNodes().first else { throw noDevices() }
            return first.devnode
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
