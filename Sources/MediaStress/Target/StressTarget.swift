import CLinuxMedia
import Glibc
package import MediaController
import SystemPackage

/// The device under stress: its media node, the bound device behind it, the driver's
/// sysfs directory for bind/unbind, and every device node that belongs to it.
///
/// Its identity across a rebind is the bound device plus the media device's bus info: a
/// driver with several instances (vivid n_devs=3) has several media devices under one
/// bound device, which all come back after a bind, with new /dev/mediaN numbers.
package struct StressTarget: Sendable, Codable, Equatable {
    package var mediaNode: String
    /// DEVICE_INFO's bus info, e.g. `platform:vivid-001`.
    package var busInfo: String?
    /// The bound device's name, e.g. `vimc.0`.
    package var deviceName: String
    /// The bound device's sysfs path.
    package var deviceSysPath: String
    package var driver: String
    /// `/sys/bus/<bus>/drivers/<driver>`, which has the `bind` and `unbind` files.
    package var driverSysPath: String
    /// Device nodes by kind, found through the media graph's interfaces.
    package var nodes: [HeldNode]
    /// How a cycle takes the device away: the driver's unbind (the default), `--unplug` or
    /// `--await-unplug`.
    package var disconnection: Disconnection = .unbind

    /// `--unplug`: the USB device's `authorized` file, which a killed run's recovery writes 1
    /// to. Nil otherwise.
    package var unplugPath: String? {
        if case .authorized(let path) = disconnection { return path }
        return nil
    }

    package init(
        mediaNode: String, busInfo: String? = nil, deviceName: String, deviceSysPath: String, driver: String,
        driverSysPath: String, nodes: [HeldNode]
    ) {
        self.mediaNode = mediaNode
        self.busInfo = busInfo
        self.deviceName = deviceName
        self.deviceSysPath = deviceSysPath
        self.driver = driver
        self.driverSysPath = driverSysPath
        self.nodes = nodes
    }

    package func nodes(of kind: NodeKind) -> [HeldNode] { nodes.filter { $0.kind == kind } }
}

/// A device node of the target.
package struct HeldNode: Sendable, Codable, Equatable, Hashable {
    package var kind: NodeKind
    package var path: String
    /// The entity the node belongs to, e.g. `Raw Capture 0`.
    package var entity: String

    package init(kind: NodeKind, path: String, entity: String) {
        self.kind = kind
        self.path = path
        self.entity = entity
    }
}

extension StressTarget {
    /// Resolves a media node to its bound device and nodes through udev (or sysfs).
    package static func resolve(
        mediaNode path: String, enumerator: any MediaNodeEnumerating, devnodes: any DevnodeResolving
    ) throws(MediaError) -> StressTarget {
        guard let node = try enumerator.mediaNodes().first(where: { $0.devnode == path }) else {
            if access(path, F_OK) != 0 {
                throw MediaError(
                    code: .deviceNotFound, errno: .noSuchFileOrDirectory, path: path, operation: "resolve bound device",
                    detail: "no such device node (is its driver unbound? `mediactl stress recover` binds again "
                        + "what a killed stress run left unbound)")
            }
            throw MediaError(
                code: .deviceNotFound, path: path, operation: "resolve bound device",
                detail: "\(enumerator.mechanism) does not know this media node")
        }
        guard let name = node.parentName, let sysPath = node.parentSysPath, let driver = node.parentDriver,
            let bus = node.parentSubsystem
        else {
            throw MediaError(
                code: .deviceNotFound, path: path, operation: "resolve bound device",
                detail: "the media device has no bound parent device with a driver")
        }
        let device = try MediaDevice(path: path)
        let info = try device.deviceInfo()
        let topology = Topology(try device.rawTopology(), mediaVersion: info.mediaVersion)
        let nodes = [HeldNode(kind: .media, path: path, entity: info.model)] + heldNodes(topology, devnodes: devnodes)
        return StressTarget(
            mediaNode: path, busInfo: info.busInfo, deviceName: name, deviceSysPath: sysPath, driver: driver,
            driverSysPath: "/sys/bus/\(bus)/drivers/\(driver)", nodes: nodes)
    }

    /// The device nodes of the topology's V4L2 interfaces, each of the kind its interface
    /// type says (never guessed from the node's name), with the entity it is linked to
    /// ("" for a radio interface, which has none). Interfaces of other types (DVB, ALSA)
    /// and nodes udev does not know are left out.
    package static func heldNodes(_ topology: Topology, devnodes: any DevnodeResolving) -> [HeldNode] {
        topology.interfaces.compactMap { interface in
            guard let kind = NodeKind(interfaceType: interface.type),
                let devnode = devnodes.devnode(major: interface.major, minor: interface.minor)
            else { return nil }
            let entity = topology.interfaceLinks.first { $0.sourceID == interface.id }
                .flatMap { topology.entity(id: $0.sinkID)?.name } ?? ""
            return HeldNode(kind: kind.direction(ofNodeAt: devnode), path: devnode, entity: entity)
        }
    }
}

extension StressTarget {
    /// The `authorized` file of the USB device the bound device (a USB interface, `1-1:1.0`)
    /// belongs to: its parent's. Nil when the bound device is not on USB.
    package var usbAuthorizedPath: String? {
        guard let slash = deviceSysPath.lastIndex(of: "/") else { return nil }
        let parent = String(deviceSysPath[..<slash])
        guard access(parent + "/authorized", F_OK) == 0, access(parent + "/idVendor", F_OK) == 0
        else { return nil }
        return parent + "/authorized"
    }
}
