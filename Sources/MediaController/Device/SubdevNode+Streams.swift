package import CLinuxMedia
package import SystemPackage

extension IoctlRequest {
    package static let subdevGetRouting = IoctlRequest(name: "VIDIOC_SUBDEV_G_ROUTING", number: CLinuxMedia_VIDIOC_SUBDEV_G_ROUTING)
    package static let subdevSetRouting = IoctlRequest(name: "VIDIOC_SUBDEV_S_ROUTING", number: CLinuxMedia_VIDIOC_SUBDEV_S_ROUTING)
    package static let subdevSetClientCapability = IoctlRequest(
        name: "VIDIOC_SUBDEV_S_CLIENT_CAP", number: CLinuxMedia_VIDIOC_SUBDEV_S_CLIENT_CAP)
}

/// What a subdev node says about routes and streams.
public enum SubdevStreamsSupport: Sendable, Equatable {
    /// The subdev has routes and this handle may address streams.
    case streams
    /// The kernel's Streams API is off (`v4l2_subdev_enable_streams_api` false, as in
    /// every stock kernel): it refused `V4L2_SUBDEV_CLIENT_CAP_STREAMS`.
    case apiDisabled
    /// The kernel has the API, but this subdev has no `V4L2_SUBDEV_CAP_STREAMS`.
    case singleStream
}

extension SubdevNode {
    /// Asks for `V4L2_SUBDEV_CLIENT_CAP_STREAMS` on this handle (as libv4l2subdev does on
    /// open), then for the subdev's capabilities. The corresponding ioctls are
    /// `VIDIOC_SUBDEV_S_CLIENT_CAP` and `VIDIOC_SUBDEV_QUERYCAP`.
    public func streamsSupport() -> SubdevStreamsSupport {
        var client = CLinuxMedia_v4l2_subdev_client_capability(capabilities: CLinuxMedia_V4L2_SUBDEV_CLIENT_CAP_STREAMS)
        guard case .success = node.ioctl(.subdevSetClientCapability, &client),
            client.capabilities & CLinuxMedia_V4L2_SUBDEV_CLIENT_CAP_STREAMS != 0
        else { return .apiDisabled }
        var capability = v4l2_subdev_capability()
        guard case .success = node.ioctl(.subdevQueryCapability, &capability),
            capability.capabilities & CLinuxMedia_V4L2_SUBDEV_CAP_STREAMS != 0
        else { return .singleStream }
        return .streams
    }

    /// The routing table: one call for the count, one for the routes (repeated while the
    /// table grows in between). The corresponding ioctl is `VIDIOC_SUBDEV_G_ROUTING`.
    package func rawRouting(which: SubdevWhich = .active) -> Result<[CLinuxMedia_v4l2_subdev_route], Errno> {
        var routes: [CLinuxMedia_v4l2_subdev_route] = []
        for _ in 0..<4 {
            var routing = CLinuxMedia_v4l2_subdev_routing()
            routing.which = which.raw
            routing.len_routes = UInt32(routes.count)
            let result = routes.withUnsafeMutableBufferPointer { buffer in
                routing.routes = UInt64(UInt(bitPattern: buffer.baseAddress))
                return node.ioctl(.subdevGetRouting, &routing)
            }
            if case .failure(let errno) = result, errno != .noSpace { return .failure(errno) }
            if routing.num_routes <= routes.count { return .success(Array(routes.prefix(Int(routing.num_routes)))) }
            routes = Array(repeating: CLinuxMedia_v4l2_subdev_route(), count: Int(routing.num_routes))
        }
        return .failure(.resourceTemporarilyUnavailable)
    }

    /// Replaces the routing table; returns the one the driver kept (the kernel copies it
    /// back). The corresponding ioctl is `VIDIOC_SUBDEV_S_ROUTING`.
    public func setRouting(_ requested: [SubdevRoute], which: SubdevWhich = .active) throws(MediaError) -> [SubdevRoute] {
        var routes = requested.map(CLinuxMedia_v4l2_subdev_route.init)
        var routing = CLinuxMedia_v4l2_subdev_routing()
        routing.which = which.raw
        routing.num_routes = UInt32(routes.count)
        routing.len_routes = UInt32(routes.count)
        let result = routes.withUnsafeMutableBufferPointer { buffer in
            routing.routes = UInt64(UInt(bitPattern: buffer.baseAddress))
            return node.ioctl(.subdevSetRouting, &routing)
        }
        if case .failure(let errno) = result { throw MediaError.ioctl(.subdevSetRouting, path, errno) }
        return routes.prefix(Int(min(routing.num_routes, routing.len_routes))).map(SubdevRoute.init)
    }

    /// Routes and per-stream pad states; nil unless `streamsSupport()` is `.streams`
    /// (which this asks first, unless the caller asked on this handle already: `support`)
    /// and `G_ROUTING` answers.
    package func rawStreams(support: SubdevStreamsSupport? = nil) -> RawSubdevStreams? {
        guard (support ?? streamsSupport()) == .streams, case .success(let routes) = rawRouting() else { return nil }
        let ends = routes.map(SubdevRoute.init).activeEnds
        return RawSubdevStreams(routes: routes, pads: ends.map { rawPad($0.pad, stream: $0.stream) })
    }
}

extension SubdevNode {
    /// The routing table, decoded; a failed `G_ROUTING` is the `MediaError` users see.
    public func routing(which: SubdevWhich = .active) throws(MediaError) -> [SubdevRoute] {
        switch rawRouting(which: which) {
        case .success(let routes): return routes.map(SubdevRoute.init)
        case .failure(let errno): throw MediaError.ioctl(.subdevGetRouting, path, errno)
        }
    }
}
