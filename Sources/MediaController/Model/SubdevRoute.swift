/// One route of a streams subdev (`struct v4l2_subdev_route`): stream `sinkStream` of
/// pad `sinkPad` goes out as stream `sourceStream` of pad `sourcePad`. Only subdevs with
/// `V4L2_SUBDEV_CAP_STREAMS` have routes, and only kernels with the Streams API switched
/// on (`v4l2_subdev_enable_streams_api`) report that capability.
public struct SubdevRoute: Sendable, Codable, Equatable, Hashable {
    public var sinkPad: UInt32
    public var sinkStream: UInt32
    public var sourcePad: UInt32
    public var sourceStream: UInt32
    /// `V4L2_SUBDEV_ROUTE_FL_ACTIVE`.
    public var active: Bool

    public init(sinkPad: UInt32, sinkStream: UInt32, sourcePad: UInt32, sourceStream: UInt32, active: Bool) {
        self.sinkPad = sinkPad
        self.sinkStream = sinkStream
        self.sourcePad = sourcePad
        self.sourceStream = sourceStream
        self.active = active
    }

    /// The stream this route carries on `pad`, looked at from that pad's side (a sink pad
    /// sees the sink end); nil when the route does not touch `pad` on that side.
    public func stream(onPad pad: UInt32, sink: Bool) -> UInt32? {
        if sink { return sinkPad == pad ? sinkStream : nil }
        return sourcePad == pad ? sourceStream : nil
    }

    /// `SINK/STREAM -> SOURCE/STREAM [FLAGS]`, as media-ctl `-R` takes it (flags 1 or 0).
    public var routeSpec: String {
        "\(sinkPad)/\(sinkStream) -> \(sourcePad)/\(sourceStream) [\(active ? 1 : 0)]"
    }
}

/// One pad/stream pair of a streams subdev.
public struct PadStream: Sendable, Hashable, Codable {
    public var pad: UInt32
    public var stream: UInt32

    public init(pad: UInt32, stream: UInt32) {
        self.pad = pad
        self.stream = stream
    }
}

extension Array where Element == SubdevRoute {
    /// The streams on `pad` that active routes carry, in route order, each once: what
    /// media-ctl prints under a pad (`media_print_pad_text`).
    public func activeStreams(onPad pad: UInt32, sink: Bool) -> [UInt32] {
        var streams: [UInt32] = []
        for route in self where route.active {
            if let stream = route.stream(onPad: pad, sink: sink), !streams.contains(stream) { streams.append(stream) }
        }
        return streams
    }

    /// Every pad/stream an active route starts or ends at, each once, sinks of a route
    /// before its source: the pad/streams whose state is read.
    public var activeEnds: [PadStream] {
        var ends: [PadStream] = []
        for route in self where route.active {
            for end in [PadStream(pad: route.sinkPad, stream: route.sinkStream), PadStream(pad: route.sourcePad, stream: route.sourceStream)]
            where !ends.contains(end) {
                ends.append(end)
            }
        }
        return ends
    }
}
