import ArgumentParser
import MediaController

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info", abstract: "Print what MEDIA_IOC_DEVICE_INFO reports.")

    @OptionGroup var options: DeviceOptions

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let path = try options.resolve()
        let info = try MediaDevice(path: path).deviceInfo()
        switch format {
        case .json:
            print(try JSONRenderer().renderValue(info), terminator: "")
        case .text:
            print(ListRenderer().render(info, devnode: path), terminator: "")
        }
    }
}
