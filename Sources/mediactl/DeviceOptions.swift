import ArgumentParser
import MediaController

/// `-d DEV`, shared by every command that works on one device.
struct DeviceOptions: ParsableArguments {
    @Option(
        name: [.customShort("d"), .long],
        help: "Media device: path, N, bus info, driver, model, serial, vimc.0, sysfs path or entity:NAME (default: the first).")
    var device: String?

    /// The media device node the user meant.
    func resolve() throws(MediaError) -> String {
        try Self.resolve(device)
    }

    /// The media device node for what was given after `-d` (nil: the first device).
    static func resolve(_ device: String?) throws(MediaError) -> String {
        try DeviceSelector.live().resolve(device)
    }
}

/// Output formats of the read-only commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
