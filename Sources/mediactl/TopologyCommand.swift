import ArgumentParser
import MediaController

struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Print the media graph (G_TOPOLOGY), or exactly what `media-ctl -p` prints.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, mediaCtl = "media-ctl", json, dot, apply
    }

    @OptionGroup var options: DeviceOptions

    @Option(help: "Output format: text, media-ctl, json, dot, or apply (the links and formats as a file for `mediactl apply`).")
    var format: Format = .text

    @Option(help: "Render a recording made by `mediactl record` instead of a live device ('-' for standard input).")
    var from: String?

    func run() throws {
        try Self.show(device: options.device, format: format, from: from)
    }

    /// The command's work, shared with `FastPath`, which starts it without ArgumentParser.
    static func show(device: String?, format: Format, from: String?) throws {
        let snapshot: MediaSnapshot
        if let from {
            snapshot = try RecordedMediaSource(try loadRecording(from)).snapshot()
        } else {
            let device = try MediaDevice(path: try DeviceOptions.resolve(device))
            // media-ctl's format and apply files name only the legacy view: read what media-ctl reads.
            snapshot = try SnapshotReader(devnodes: defaultDevnodeResolver(), includeTopology: format != .mediaCtl && format != .apply)
                .read(device)
        }
        switch format {
        case .text: print(TextRenderer().render(snapshot), terminator: "")
        case .mediaCtl: print(MediaCtlRenderer().render(snapshot), terminator: "")
        case .json: print(try JSONRenderer().render(snapshot), terminator: "")
        case .dot: print(DotRenderer().render(snapshot), terminator: "")
        case .apply: print(ApplyFileRenderer().render(snapshot), terminator: "")
        }
    }
}
