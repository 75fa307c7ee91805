import CLinuxMedia
import SystemPackage

/// One configuration run on one media device: the graph as last read (updated in
/// memory after each SETUP_LINK, as libmediactl does) and the subdev nodes it opened,
/// kept open for the run like media-ctl keeps them.
public final class PipelineSession {
    public let device: any PipelineDevice
    package let subdevs: any SubdevOpening
    public let devnodes: any DevnodeResolving
    /// The pad state formats are set in: the device's active configuration, or the TRY
    /// state of the session's own subdev handles (one per subdev, kept open for the run,
    /// so what is set on one pad is what later pads of the run see).
    public let which: SubdevWhich
    /// The graph as the run believes it is now.
    public private(set) var graph: PipelineGraph
    private var openNodes: [String: any SubdevPads] = [:]

    /// Reads the graph of `device`.
    package init(
        device: any PipelineDevice, subdevs: any SubdevOpening = LiveSubdevOpener(), devnodes: any DevnodeResolving,
        which: SubdevWhich = .active
    ) throws(MediaError) {
        self.device = device
        self.subdevs = subdevs
        self.devnodes = devnodes
        self.which = which
        self.graph = try Self.read(device, devnodes: devnodes)
    }

    /// Reads the graph again from the kernel, without changing the session's view.
    public func readGraph() throws(MediaError) -> PipelineGraph {
        try Self.read(device, devnodes: devnodes)
    }

    /// Replaces the session's view with a fresh read.
    public func refresh() throws(MediaError) {
        graph = try readGraph()
    }

    static func read(_ device: any PipelineDevice, devnodes: any DevnodeResolving) throws(MediaError) -> PipelineGraph {
        // G_TOPOLOGY first (after DEVICE_INFO, so a node that is no media device says so),
        // for the full names only: without it the 31-character names still work.
        let topology: Topology?
        do throws(MediaError) {
            topology = try device.topology()
        } catch where error.errno == .inappropriateIOCTLForDevice && error.code != .notAMediaDevice {
            topology = nil
        }
        var legacy = try device.legacyTopology()
        for index in legacy.entities.indices {
            let entity = legacy.entities[index]
            if entity.devnode == nil, entity.major != 0 || entity.minor != 0 {
                legacy.entities[index].devnode = devnodes.devnode(major: entity.major, minor: entity.minor)
            }
        }
        return PipelineGraph(legacy: legacy, topology: topology)
    }

    /// The subdev node at `devnode`, opened once per session.
    package func subdev(_ devnode: String) throws(MediaError) -> any SubdevPads {
        if let node = openNodes[devnode] { return node }
        let node = try subdevs.open(devnode: devnode)
        openNodes[devnode] = node
        return node
    }

    /// Sets one link (see `PipelineDevice.setup`) and records its new flags. Links have no
    /// TRY state: a TRY session refuses, before any ioctl.
    public func setLink(_ request: LinkRequest) throws(MediaError) {
        guard which == .active else {
            throw MediaError(
                code: .invalidArgument, path: device.path, operation: IoctlRequest.setupLink.name,
                detail: "links have no TRY state; a TRY run sets pad formats only")
        }
        try device.setup(request)
        graph = graph.updating(request.address, flags: request.flags)
    }

    /// Gives every mutable link the ENABLED bit it had in `saved`; returns the calls made.
    /// Reads the graph first (a failed call may or may not have changed it), tries every
    /// call even when one fails, and throws the first failure.
    public func restoreLinks(to saved: LegacyTopology) throws(MediaError) -> [LinkRequest] {
        refreshIgnoringErrors()
        var firstError: MediaError?
        var done: [LinkRequest] = []
        for request in LinkPlans.restore(graph.legacy, to: saved) {
            do throws(MediaError) {
                try setLink(request)
                done.append(request)
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
        return done
    }

    private func refreshIgnoringErrors() {
        if let fresh = try? readGraph() { graph = fresh }
    }

    /// Applies a `-V` spec the way media-ctl 1.22 does, pad by pad:
    /// 1. a sink pad's format (S_FMT), 2. the crop rectangle, 3. the compose rectangle
    /// (S_SELECTION), 4. a source pad's format, 5. the frame interval; then, for a source
    /// pad, 6. the format the driver chose is set on the sink pad of every enabled link
    /// to a plain V4L2 subdev (legacy type exactly `MEDIA_ENT_T_V4L2_SUBDEV`), and so is
    /// the frame interval. Failures in step 6 are recorded, not thrown (media-ctl
    /// ignores them), except a frame interval error other than EINVAL or ENOTTY.
    /// A TRY session refuses a frame interval before any ioctl: without
    /// `V4L2_SUBDEV_CLIENT_CAP_INTERVAL_USES_WHICH` the kernel would set the active one.
    public func setFormat(_ request: FormatRequest) throws(MediaError) -> [PadFormatResult] {
        let spec = request.spec
        if which == .try, spec.interval != nil {
            throw MediaError(
                code: .invalidArgument, path: request.devnode, operation: IoctlRequest.subdevSetFrameInterval.name,
                detail: "frame intervals have no TRY state mediactl sets")
        }
        let node = try subdev(request.devnode)
        let pad = UInt32(request.pad.index)
        let isSink = request.pad.flags.contains(.sink)
        let isSource = request.pad.flags.contains(.source)
        var result = PadFormatResult(pad: request.pad.address)
        var format = spec.frameFormat

        func setFormat() throws(MediaError) {
            guard let requested = format, requested.width != 0, requested.height != 0 else { return }
            let actual = try node.setFormat(requested, pad: pad, which: which)
            result.format = Adjusted(requested: spec.frameFormat ?? requested, actual: actual)
            format = actual
        }
        if isSink { try setFormat() }
        if let crop = spec.crop {
            result.crop = Adjusted(
                requested: crop, actual: try node.setSelection(crop, target: UInt32(V4L2_SEL_TGT_CROP), pad: pad, which: which))
        }
        if let compose = spec.compose {
            result.compose = Adjusted(
                requested: compose, actual: try node.setSelection(compose, target: UInt32(V4L2_SEL_TGT_COMPOSE), pad: pad, which: which))
        }
        if isSource { try setFormat() }
        if let interval = spec.interval {
            result.interval = Adjusted(requested: interval, actual: try node.setFrameInterval(interval, pad: pad))
        }
        var results = [result]
        guard isSource else { return results }
        for link in graph.links
        where PadAddress(link.source) == request.pad.address && link.flags.contains(.enabled) {
            guard let remote = graph.entity(id: link.sink.entityID), remote.type == 0x0002_0000 else { continue }
            results.append(try propagate(format: format, interval: spec.interval, to: link.sink, of: remote, from: request.pad))
        }
        return results
    }

    /// media-ctl's step 6 for one remote sink pad.
    private func propagate(
        format: FrameFormat?, interval: Fraction?, to sink: LegacyPad, of remote: LegacyEntity, from source: ResolvedPad
    ) throws(MediaError) -> PadFormatResult {
        var result = PadFormatResult(pad: PadAddress(sink), propagatedFrom: source.address)
        let node: any SubdevPads
        do throws(MediaError) {
            guard let devnode = remote.devnode else {
                throw MediaError(
                    code: .invalidArgument, operation: "open", detail: "\"\(remote.name)\" has no subdev device node")
            }
            node = try subdev(devnode)
        } catch {
            if format != nil || interval != nil { result.ignoredError = error.description }
            return result
        }
        if let format, format.width != 0, format.height != 0 {
            do throws(MediaError) {
                result.format = Adjusted(
                    requested: format, actual: try node.setFormat(format, pad: UInt32(sink.index), which: which))
            } catch {
                result.ignoredError = error.description
            }
        }
        if let interval {
            do throws(MediaError) {
                result.interval = Adjusted(
                    requested: interval, actual: try node.setFrameInterval(interval, pad: UInt32(sink.index)))
            } catch where error.errno == .invalidArgument || error.errno == .inappropriateIOCTLForDevice {
                result.ignoredError = result.ignoredError ?? error.description
            }
        }
        return result
    }
}
