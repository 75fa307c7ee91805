import ArgumentParser
import MediaController

struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Print the media graph (G_TOPOLOGY), or exactly what `media-ctl -p` prints.",
        discussion: """
            -e NAME prints one entity in any format (full name, or the 31-character name media-ctl \
            shows); with --format media-ctl exactly what `media-ctl -p -e NAME` prints.

            --format media-ctl prints as the installed media-ctl does (its --version decides: \
            1.22 as Debian 12's, 1.26 as Ubuntu 24.04's with route counts and streams, 1.28 and \
            later with pad flags by their kernel names), as 1.32 does when none is installed, \
            or as the release --media-ctl-version names.

            Exit codes: 0 success; 2 usage error, no such device, or an entity name that matches \
            no entity or several (one line naming what exists); 4 a system or device error.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, mediaCtl = "media-ctl", json, dot, apply
    }

    @OptionGroup var options: DeviceOptions

    @OptionGroup var mediaCtl: MediaCtlVersionOption

    @Option(help: "Output format: text, media-ctl, json, dot, or apply (the links and formats as a file for `mediactl apply`).")
    var format: Format = .text

    @Option(help: "Render a recording made by `mediactl record` instead of a live device ('-' for standard input).")
    var from: String?

    @Option(
        name: [.customShort("e"), .long],
        help: ArgumentHelp(
            "Print only this entity (`media-ctl -p -e`); json: as `mediactl entity --format json`.",
            valueName: "name"))
    var entity: String?

    func validate() throws {
        if entity != nil, format == .apply {
            throw ValidationError("-e prints one entity; --format apply prints the whole device's links and formats, without -e")
        }
        if mediaCtl.version != nil, format != .mediaCtl {
            throw ValidationError("--media-ctl-version applies to --format media-ctl only")
        }
    }

    func run() throws {
        try Self.show(device: options.device, format: format, from: from, entity: entity, mediaCtl: mediaCtl.version)
    }

    /// The command's work, shared with `FastPath`, which starts it without ArgumentParser.
    /// `mediaCtl`: the release `--format media-ctl` prints as; nil for the installed one's.
    static func show(
        device: String?, format: Format, from: String?, entity: String? = nil, mediaCtl: MediaCtlVersion? = nil
    ) throws {
        let snapshot: MediaSnapshot
        if let from {
            snapshot = try RecordedMediaSource(try loadRecording(from)).snapshot()
        } else {
            let device = try MediaDevice(path: try DeviceOptions.resolve(device))
            // media-ctl's format and apply files name only the legacy view: read what media-ctl
            // reads (G_TOPOLOGY too with -e: entities are found by their full names).
            snapshot = try SnapshotReader(
                devnodes: defaultDevnodeResolver(),
                includeTopology: (format != .mediaCtl && format != .apply) || entity != nil
            ).read(device)
        }
        let only = try entity.map { name throws(MediaError) in try snapshot.entity(named: name) }
        switch format {
        case .text: print(TextRenderer().render(snapshot, only: only?.id), terminator: "")
        case .mediaCtl:
            let dialect = mediaCtl?.dialect ?? InstalledMediaCtl.dialect()
            print(MediaCtlRenderer(dialect: dialect).render(snapshot, only: only?.id), terminator: "")
        case .json:
            let json = try only.map { try JSONRenderer().renderValue(snapshot.describe($0)) }
            print(try json ?? JSONRenderer().render(snapshot), terminator: "")
        case .dot: print(DotRenderer().render(snapshot, only: only?.id), terminator: "")
        case .apply: print(ApplyFileRenderer().render(snapshot), terminator: "")
        }
    }
}
