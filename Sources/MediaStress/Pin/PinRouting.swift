import CLinuxMedia
import MediaController
import SystemPackage

/// The routing ioctls of the Streams API (VIDIOC_SUBDEV_G_ROUTING, S_ROUTING) parked on a
/// subdev that answers them: of the held subdevs, the first whose SUBDEV_QUERYCAP says
/// V4L2_SUBDEV_CAP_STREAMS (the kernel says so only with the API switched on, for a
/// subdev with V4L2_SUBDEV_FL_STREAMS: the project's mc_mux on its streams kernel). Their
/// argument is the TRY state's routing table with room for `capacity` routes, the route
/// array right after the structure in the parked page: G_ROUTING copies the table out
/// there; S_ROUTING sets the table G_ROUTING read (a valid one) and copies it back. On a
/// kernel without the API every subdev refuses them with ENOTTY: a `kernel` not-applicable.
enum PinRouting {
    static let ioctls: Set = ["VIDIOC_SUBDEV_G_ROUTING", "VIDIOC_SUBDEV_S_ROUTING"]

    /// Routes the argument has room for.
    static let capacity = 16

    /// The handle `pinned` is parked on among `handles`: for a routing ioctl the first
    /// streams subdev, else (and when none is) the first of its node kind.
    static func handle(for pinned: PinnedIoctl, among handles: [HeldHandle]) -> HeldHandle? {
        let kind = handles.filter { $0.node.kind == pinned.nodeKind }
        guard ioctls.contains(pinned.ioctl.name) else { return kind.first }
        let streams = kind.first { handle in
            var capability = v4l2_subdev_capability()
            guard case .success = systemIoctl(handle.fileDescriptor, .subdevQueryCapability, &capability) else { return false }
            return capability.capabilities & CLinuxMedia_V4L2_SUBDEV_CAP_STREAMS != 0
        }
        return streams ?? kind.first
    }

    /// The argument: `routes` (what G_ROUTING read, for S_ROUTING) after the structure,
    /// its pointer aimed at them in the parked page.
    static func recipe(_ name: String, routes: [CLinuxMedia_v4l2_subdev_route]) -> PinArgument {
        var routing = CLinuxMedia_v4l2_subdev_routing()
        routing.which = UInt32(V4L2_SUBDEV_FORMAT_TRY.rawValue)
        routing.len_routes = UInt32(capacity)
        if name == "VIDIOC_SUBDEV_S_ROUTING" { routing.num_routes = UInt32(min(routes.count, capacity)) }
        var bytes = withUnsafeBytes(of: routing) { Array($0) }
        let start = bytes.count
        var array = Array(routes.prefix(capacity))
        array += Array(repeating: CLinuxMedia_v4l2_subdev_route(), count: capacity - array.count)
        bytes += array.withUnsafeBytes { Array($0) }
        var argument = PinArgument(bytes: bytes)
        argument.selfPointers = [(at: MemoryLayout<CLinuxMedia_v4l2_subdev_routing>.offset(of: \CLinuxMedia_v4l2_subdev_routing.routes) ?? 8, target: start)]
        return argument
    }

    /// Reads the TRY routing table (for S_ROUTING) and returns the argument. A refusal of
    /// G_ROUTING is the kernel's (ENOTTY without the Streams API or on a subdev without
    /// streams), with its errno.
    static func argument(_ pinned: PinnedIoctl, _ handle: HeldHandle) throws(MediaError) -> PinArgument {
        guard pinned.ioctl.name == "VIDIOC_SUBDEV_S_ROUTING" else { return recipe(pinned.ioctl.name, routes: []) }
        var routes = Array(repeating: CLinuxMedia_v4l2_subdev_route(), count: capacity)
        var routing = CLinuxMedia_v4l2_subdev_routing()
        routing.which = UInt32(V4L2_SUBDEV_FORMAT_TRY.rawValue)
        routing.len_routes = UInt32(capacity)
        let result = routes.withUnsafeMutableBufferPointer { array in
            routing.routes = UInt64(UInt(bitPattern: array.baseAddress))
            return systemIoctl(handle.fileDescriptor, .subdevGetRouting, &routing)
        }
        if case .failure(let errno) = result {
            // ENOTTY: subdev_do_ioctl without the Streams API or V4L2_SUBDEV_FL_STREAMS.
            throw NotApplicable.error(
                .kernel, errno: errno, function: errno == .inappropriateIOCTLForDevice ? "subdev_do_ioctl" : nil,
                path: handle.node.path, operation: "park \(pinned.rawValue)",
                detail: "VIDIOC_SUBDEV_G_ROUTING, reading the routing table S_ROUTING sets again, was refused")
        }
        return recipe(pinned.ioctl.name, routes: Array(routes.prefix(Int(routing.num_routes))))
    }
}
