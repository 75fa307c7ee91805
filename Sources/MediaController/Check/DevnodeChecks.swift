import CLinuxMedia

/// Device nodes: every interface (G_TOPOLOGY) and every entity with a device number
/// (ENUM_ENTITIES, connectors excepted) has a node that exists, is a character device,
/// and has that major:minor.
enum DevnodeChecks {
    static func devnodes(_ input: MediaCheckInput) -> CheckOutcome {
        var problems: [String] = []
        for interface in input.topology?.interfaces ?? [] {
            let subject =
                "interface \(TopologyChecks.hex(interface.id)) (\(InterfaceType(rawValue: interface.intf_type).name) "
                + "\(interface.devnode.major):\(interface.devnode.minor))"
            if let problem = problem(major: interface.devnode.major, minor: interface.devnode.minor, input) {
                problems.append("\(subject): \(problem)")
            }
        }
        for entity in input.entities where entity.flags & UInt32(EntityFlags.connector.rawValue) == 0 {
            guard entity.dev.major != 0 || entity.dev.minor != 0 else { continue }
            if let problem = problem(major: entity.dev.major, minor: entity.dev.minor, input) {
                problems.append("entity \(entity.id) (\(entity.dev.major):\(entity.dev.minor)): \(problem)")
            }
        }
        return .from(problems)
    }

    /// What is wrong with the node of `major:minor`; nil when it is right.
    static func problem(major: UInt32, minor: UInt32, _ input: MediaCheckInput) -> String? {
        guard let path = input.devnodes.devnode(major: major, minor: minor) else {
            return "no device node found (udev, /sys/dev/char)"
        }
        switch input.files.status(of: path) {
        case .failure(let errno):
            return "\(path): \(errnoText(errno))"
        case .success(let status):
            if !status.isCharacterDevice { return "\(path) is not a character device" }
            if status.major != major || status.minor != minor {
                return "\(path) is \(status.major):\(status.minor)"
            }
            return nil
        }
    }
}
