import ArgumentParser
import MediaController
import MediaStress

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every media device with its driver, model and device nodes.")

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        try Self.list(format: format)
    }

    /// The command's work, shared with `FastPath`, which starts it without ArgumentParser.
    static func list(format: OutputFormat) throws {
        let enumerator = defaultEnumerator()
        let devnodes = defaultDevnodeResolver()
        let summaries = try enumerator.mediaNodes().map { MediaDeviceSummary.read($0, devnodes: devnodes) }
        switch format {
        case .json:
            print(try JSONRenderer().renderValue(summaries), terminator: "")
        case .text:
            print(ListRenderer().render(summaries), terminator: "")
        }
        // Devices a killed stress run left unbound are not media devices now: say where they are.
        for entry in StressRecovery.abandonedUnbound() {
            printError(
                "mediactl: warning: \(entry.deviceName) (\(entry.driver)) is unbound: mediactl stress "
                    + "\(entry.owner) was killed, or lost the device, mid-cycle; run 'mediactl stress recover'")
        }
    }
}
