import ArgumentParser
import MediaController
import SystemPackage

struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Set a streams subdev's routing table (media-ctl -R), or print it (--get).",
        discussion: """
            ROUTES is media-ctl's -R syntax: ENTITY [SINK/STREAM -> SOURCE/STREAM [FLAGS], ...], \
            FLAGS 1 (active) or 0 (inactive), e.g. "'mux' [0/0 -> 2/0 [1], 1/0 -> 2/1 [1]]"; \
            "'mux' []" clears the table. The routes replace the subdev's whole table (as \
            VIDIOC_SUBDEV_S_ROUTING does), which also resets its stream formats. Prints the \
            table the driver kept, in the same syntax. --get ENTITY prints the current table.

            Routes need a subdev with V4L2_SUBDEV_CAP_STREAMS and a kernel with the Streams \
            API switched on: upstream keeps v4l2_subdev_enable_streams_api false, so a stock \
            kernel refuses the V4L2_SUBDEV_CLIENT_CAP_STREAMS client capability (see \
            Documentation/Routes.md for a kernel that has it).

            Exit codes: 0 done; 2 bad ROUTES (the column is shown), an unknown entity or pad, a \
            pad of the wrong direction, a subdev without streams or a kernel without the Streams \
            API (checked before anything is set), no such device, or another program holds the \
            device; 4 the driver refused the routing (the errno is shown).
            """)

    @OptionGroup var options: DeviceOptions

    @OptionGroup var streaming: StreamingOptions

    @Option(help: ArgumentHelp("Print this entity's routing table, e.g. \"'mux'\".", valueName: "entity"))
    var get: String?

    @Option(help: ArgumentHelp("The routing to set or read: active (the device) or try (mediactl's own file handle).", valueName: "which"))
    var which: FormatCommand.Which = .active

    @Argument(help: ArgumentHelp("The routing to set, e.g. \"'mux' [0/0 -> 2/0 [1]]\".", valueName: "routes"))
    var routes: String?

    func validate() throws {
        switch (routes, get) {
        case (nil, nil): throw ValidationError("give the routes to set, or --get ENTITY")
        case (.some, .some): throw ValidationError("give either routes to set or --get ENTITY, not both")
        default: break
        }
    }

    func run() throws {
        if let get {
            // `ENTITY []` parses as a spec with no routes: the entity checks are the same.
            let spec = try parsingSpec { () throws(PipelineSpecError) in try RouteSpecParser.parse(get + " []") }
            let session = try PipelineSession(device: try MediaDevice(path: try options.resolve()), devnodes: defaultDevnodeResolver())
            let (entity, devnode) = try parsingSpec { () throws(PipelineSpecError) in try session.graph.resolve(spec) }
            let node = try SubdevNode(path: devnode)
            try Self.requireStreams(node, name: session.graph.name(of: entity.id))
            try print(session.graph.name(of: entity.id), node.routing(which: which.state))
            return
        }
        let spec = try parsingSpec { () throws(PipelineSpecError) in try RouteSpecParser.parse(routes ?? "") }
        try withPipelineSession("route", options, which: which.state, force: streaming.force) { session in
            let (entity, devnode) = try parsingSpec { () throws(PipelineSpecError) in try session.graph.resolve(spec) }
            let name = session.graph.name(of: entity.id)
            let node = try SubdevNode(path: devnode, mode: .readWrite)
            try Self.requireStreams(node, name: name)
            _ = try node.setRouting(spec.routes, which: which.state)
            try print(name, node.routing(which: which.state))
        }
    }

    /// One line and exit 2 unless the node takes routes.
    static func requireStreams(_ node: SubdevNode, name: String) throws {
        switch node.streamsSupport() {
        case .streams: return
        case .apiDisabled:
            throw CommandFailure(
                message: "this kernel's Streams API is off (v4l2_subdev_enable_streams_api is false: it refused "
                    + "the V4L2_SUBDEV_CLIENT_CAP_STREAMS client capability), so no subdev has routes",
                exitCode: ExitStatus.usage)
        case .singleStream:
            throw CommandFailure(
                message: "\"\(name)\" has no routes: its subdev does not report V4L2_SUBDEV_CAP_STREAMS",
                exitCode: ExitStatus.usage)
        }
    }

    func print(_ name: String, _ routes: [SubdevRoute]) {
        writeStandardOutput("\"\(name)\" [\(routes.map(\.routeSpec).joined(separator: ", "))]\n")
    }
}
