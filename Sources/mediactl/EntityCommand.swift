import ArgumentParser
import MediaController

struct EntityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entity",
        abstract: "Print an entity's device node (`media-ctl -e`), or everything about it.",
        discussion: """
            NAME is the entity's full name, or the 31-character name media-ctl shows. The text \
            format prints its device node (/dev/v4l-subdevN, /dev/videoN), exactly what \
            `media-ctl -e NAME` prints; json prints the entity, its device node, interfaces, pads \
            (with subdev formats) and links in both directions, naming the entity at each other end.

            -d entity:NAME picks the media device that has the entity.

            Exit codes: 0 success; 2 usage error, no such device, an entity name that matches no \
            entity or several, or (text) an entity without a device node, where media-ctl prints \
            nothing and exits 0; 4 a system or device error.
            """)

    @OptionGroup var options: DeviceOptions

    @Option(help: "Output format: text (the device node) or json (the entity, pads, links and interfaces).")
    var format: OutputFormat = .text

    @Argument(help: "The entity's name.")
    var name: String

    func run() throws {
        let device = try MediaDevice(path: try options.resolve())
        let snapshot = try SnapshotReader(devnodes: defaultDevnodeResolver(), includeSubdevFormats: format == .json)
            .read(device)
        switch format {
        case .text:
            print(try snapshot.devnode(ofEntityNamed: name))
        case .json:
            print(try JSONRenderer().renderValue(snapshot.describe(try snapshot.entity(named: name))), terminator: "")
        }
    }
}
