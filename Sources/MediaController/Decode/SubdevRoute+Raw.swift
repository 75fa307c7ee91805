package import CLinuxMedia

/// The kernel's answers about a streams subdev: its routing table and the state of each
/// pad/stream an active route touches (each `RawSubdevPad` names its stream).
package struct RawSubdevStreams: @unchecked Sendable {
    package var routes: [CLinuxMedia_v4l2_subdev_route]
    package var pads: [RawSubdevPad]

    package init(routes: [CLinuxMedia_v4l2_subdev_route], pads: [RawSubdevPad]) {
        self.routes = routes
        self.pads = pads
    }
}

extension SubdevRoute {
    /// Decodes `struct v4l2_subdev_route`.
    package init(_ raw: CLinuxMedia_v4l2_subdev_route) {
        self.init(
            sinkPad: raw.sink_pad, sinkStream: raw.sink_stream, sourcePad: raw.source_pad, sourceStream: raw.source_stream,
            active: raw.flags & CLinuxMedia_V4L2_SUBDEV_ROUTE_FL_ACTIVE != 0)
    }
}

extension CLinuxMedia_v4l2_subdev_route {
    /// Encodes a route for `VIDIOC_SUBDEV_S_ROUTING`.
    package init(_ route: SubdevRoute) {
        self.init()
        sink_pad = route.sinkPad
        sink_stream = route.sinkStream
        source_pad = route.sourcePad
        source_stream = route.sourceStream
        flags = route.active ? CLinuxMedia_V4L2_SUBDEV_ROUTE_FL_ACTIVE : 0
    }
}
