import ArgumentParser
import MediaController

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Print what MEDIA_IOC_DEVICE_INFO reports.")

    @OptionGroup var options: DeviceOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        try Self.info(device: options.device, format: format)
    }

    /// The command's work, shared with `FastPath`, which starts it without ArgumentParser.
    static func info(device: String?, format: OutputFormat) throws {
        let path = try DeviceOptions.resolve(device)
        let info = try MediaDevice(path: path).deviceInfo()
        switch format {
        case .json:
            print(try JSONRenderer().renderValue(info), terminator: "")
        case .text:
            print(ListRenderer().render(info, devnode: path), terminator: "")
        }
    }
}
